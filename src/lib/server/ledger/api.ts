/** The ledger's JSON: shared by its routes under /api/v1/statements/{slug}/ledger. */
import { error, json } from '@sveltejs/kit';
import { getDb } from '../db';
import { getPublishedStatement } from '../statements/queries';
import { ledgerSize } from './leaves';

/** Public, like the other JSON: anyone may read and check it, from any site. */
export const LEDGER_HEADERS = { 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30', 'Access-Control-Allow-Origin': '*' };

export function ledgerJson(body: unknown, status = 200): Response {
	return json(body, { status, headers: LEDGER_HEADERS });
}

/** The published statement of the URL, with its log's size; 404 for a draft or none. */
export function ledgerOf(slug: string): { id: number; slug: string; size: number } {
	const db = getDb();
	const statement = getPublishedStatement(db, slug, 'en');
	if (!statement) error(404, 'Not found');
	return { id: statement.id, slug: statement.slug, size: ledgerSize(db, statement.id) };
}

/** A whole number in [min, max] from the query, the fallback when absent; 400 when it is anything else. */
export function sizeParam(url: URL, name: string, fallback: number, min: number, max: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) error(400, `${name} must be a whole number from ${min} to ${max}`);
	return Number(raw);
}
