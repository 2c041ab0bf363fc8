import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers and uptime checks: 200 while the database answers, else 503. */
export const GET: RequestHandler = () => {
	const headers = { 'Cache-Control': 'no-store' };
	try {
		const client = getDb().$client;
		client.prepare('SELECT 1').get();
		// What the running server's own connection uses (synchronous: 2 = FULL).
		const database = { journalMode: client.pragma('journal_mode', { simple: true }), synchronous: client.pragma('synchronous', { simple: true }) === 2 ? 'full' : 'not full' };
		return json({ status: 'ok', database }, { headers });
	} catch (error) {
		console.error('[healthz] database unreachable:', (error as Error).message);
		return json({ status: 'unavailable' }, { status: 503, headers });
	}
};
