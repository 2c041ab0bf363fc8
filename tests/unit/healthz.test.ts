import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { closeDb, getDb } from '$lib/server/db';
import { enqueueMail } from '$lib/server/mail/outbox';
import { JOBS_LEASE, takeLease } from '$lib/server/processes/lease';
import { GET } from '../../src/routes/healthz/+server';
import { makeTempDir } from './helpers/db';

type Event = Parameters<typeof GET>[0];

describe('GET /healthz', () => {
	const saved = process.env.DATABASE_URL;
	afterEach(() => {
		closeDb();
		process.env.DATABASE_URL = saved;
	});

	it('answers 200 while the database answers', async () => {
		process.env.DATABASE_URL = join(makeTempDir(), 'health.db');
		const response = await GET({} as Event);
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ status: 'ok', database: { journalMode: 'wal', synchronous: 'full' }, jobs: 'none', mail: { pending: 0, failed: 0, oldestPendingMinutes: 0 } });
		expect(body.freeDiskMegabytes).toBeGreaterThan(0);
	});

	it('says how much mail waits, and since when, and whether a process runs the jobs', async () => {
		process.env.DATABASE_URL = join(makeTempDir(), 'health.db');
		const db = getDb();
		const hourAgo = new Date(Date.now() - 61 * 60_000);
		enqueueMail(db, { to: 'waiting@example.org', template: 'confirm', locale: 'en', payload: { name: '' } }, hourAgo);
		enqueueMail(db, { to: 'later@example.org', template: 'confirm', locale: 'en', payload: { name: '' } });
		takeLease(db, JOBS_LEASE, 'someone:1:x', 30_000);
		const body = await (await GET({} as Event)).json();
		expect(body.jobs).toBe('running');
		expect(body.mail).toEqual({ pending: 2, failed: 0, oldestPendingMinutes: 61 });
	});

	it('answers 503 when the database cannot be opened', async () => {
		const dir = makeTempDir();
		const notAFolder = join(dir, 'file');
		writeFileSync(notAFolder, 'x');
		process.env.DATABASE_URL = join(notAFolder, 'health.db');
		const response = await GET({} as Event);
		expect(response.status).toBe(503);
	});
});
