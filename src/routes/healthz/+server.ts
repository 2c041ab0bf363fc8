import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers and uptime checks: 200 while the database answers, else 503. */
export const GET: RequestHandler = () => {
	const headers = { 'Cache-Control': 'no-store' };
	try {
		getDb().$client.prepare('SELECT 1').get();
		return json({ status: 'ok' }, { headers });
	} catch (error) {
		console.error('[healthz] database unreachable:', (error as Error).message);
		return json({ status: 'unavailable' }, { status: 503, headers });
	}
};
