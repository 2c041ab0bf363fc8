import { error, json } from '@sveltejs/kit';
import { isCountryCode } from '$lib/countries';
import { getDb } from '$lib/server/db';
import { listPublicEndorsers } from '$lib/server/endorsers';
import { getPublishedStatement } from '$lib/server/statements';
import { ORGANIZATION_TYPES } from '$lib/validation/choices';
import type { RequestHandler } from './$types';

/** Approved organizations, public fields only (never the contact person), in pages of up to 500. */
export const GET: RequestHandler = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, 'en');
	if (!statement) error(404, 'Not found');
	const country = url.searchParams.get('country') ?? '';
	const type = url.searchParams.get('type') ?? '';
	const page = listPublicEndorsers(db, statement.id, {
		country: isCountryCode(country) ? country : undefined,
		type: (ORGANIZATION_TYPES as readonly string[]).includes(type) ? type : undefined,
		after: url.searchParams.get('after'),
		limit: Number(url.searchParams.get('limit')) || 500
	});
	return json(
		{
			organizations: page.endorsers.map((e) => ({
				...e,
				logo: e.logo ? `${url.origin}${e.logo}` : null,
				approvedAt: new Date(e.approvedAt).toISOString()
			})),
			next: page.next ? `${url.pathname}?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), after: page.next })}` : null
		},
		{ headers: { 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30', 'Access-Control-Allow-Origin': '*' } }
	);
};
