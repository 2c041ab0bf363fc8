import { error, json } from '@sveltejs/kit';
import { getCounts, getCountsByCountry } from '$lib/server/statements/counters';
import { getDb } from '$lib/server/db';
import { listNewestEndorsers } from '$lib/server/endorsements/public-list';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { RequestHandler } from './$types';

/** Public counts for a statement, and the organizations that endorse it. No person's name or address. */
export const GET: RequestHandler = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, 'en');
	if (!statement) error(404, 'Not found');
	const counts = getCounts(db, statement.id);
	return json(
		{
			slug: statement.slug,
			status: statement.status,
			title: statement.title,
			signatures: counts.signatures,
			organizations: {
				count: counts.organizations,
				newest: listNewestEndorsers(db, statement.id, 24).map((e) => ({
					name: e.name,
					type: e.type,
					country: e.country,
					website: e.website,
					logo: e.logo ? `${url.origin}${e.logo}` : null
				})),
				all: `${url.origin}/api/v1/statements/${statement.slug}/organizations`
			},
			goal: statement.signatureGoal,
			byCountry: Object.fromEntries(getCountsByCountry(db, statement.id).map((c) => [c.country, c.signatures]))
		},
		{ headers: { 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30', 'Access-Control-Allow-Origin': '*' } }
	);
};
