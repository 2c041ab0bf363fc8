import { error, json } from '@sveltejs/kit';
import { getCounts, getCountsByCountry } from '$lib/server/counters';
import { getDb } from '$lib/server/db';
import { getPublishedStatement } from '$lib/server/statements';
import type { RequestHandler } from './$types';

/** Public counts for a statement. Only aggregates: no name, no address. */
export const GET: RequestHandler = ({ params }) => {
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
			organizations: counts.organizations,
			goal: statement.signatureGoal,
			byCountry: Object.fromEntries(getCountsByCountry(db, statement.id).map((c) => [c.country, c.signatures]))
		},
		{ headers: { 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30', 'Access-Control-Allow-Origin': '*' } }
	);
};
