import { json } from '@sveltejs/kit';
import { statfsSync } from 'node:fs';
import { getDataDir } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { mailBacklog } from '$lib/server/mail/outbox';
import { JOBS_LEASE, leaseHolder } from '$lib/server/processes/lease';
import type { RequestHandler } from './$types';

/**
 * For load balancers and uptime checks: 200 while the database answers, else 503. Beside it, what a
 * monitor should watch (docs/deployment.md): whether some process runs the jobs and the mail, how
 * much mail waits and since when, and the free space where the database is. None of those turns the
 * answer into a 503: a process whose database answers can serve readers.
 */
export const GET: RequestHandler = () => {
	const headers = { 'Cache-Control': 'no-store' };
	try {
		const db = getDb();
		const client = db.$client;
		client.prepare('SELECT 1').get();
		// What the running server's own connection uses (synchronous: 2 = FULL).
		const database = { journalMode: client.pragma('journal_mode', { simple: true }), synchronous: client.pragma('synchronous', { simple: true }) === 2 ? 'full' : 'not full' };
		const disk = statfsSync(getDataDir());
		return json(
			{
				status: 'ok',
				database,
				jobs: leaseHolder(db, JOBS_LEASE) ? 'running' : 'none',
				mail: mailBacklog(db),
				freeDiskMegabytes: Math.floor((disk.bavail * disk.bsize) / 2 ** 20)
			},
			{ headers }
		);
	} catch (error) {
		console.error('[healthz] database unreachable:', (error as Error).message);
		return json({ status: 'unavailable' }, { status: 503, headers });
	}
};
