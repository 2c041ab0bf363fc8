import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listPublicEndorsers, nextPageQuery, readPublicEndorserQuery } from '$lib/server/endorsements/public-list';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { RequestHandler } from './$types';

/** Approved organizations, public fields only (never the contact person), in pages of up to 500. */
export const GET: RequestHandler = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, 'en');
	if (!statement) error(404, 'Not found');
	const query = readPublicEndorserQuery(url.searchParams);
	const page = listPublicEndorsers(db, statement.id, query);
	return json(
		{
			organizations: page.endorsers.map((e) => ({
				...e,
				logo: e.logo ? `${url.origin}${e.logo}` : null,
				approvedAt: new Date(e.approvedAt).toISOString()
			})),
			next: page.next ? `${url.pathname}?${nextPageQuery(query, page.next)}` : null
		},
		{ headers: { 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30', 'Access-Control-Allow-Origin': '*' } }
	);
};
