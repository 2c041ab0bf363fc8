import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { closeDb } from '$lib/server/db';
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
		expect(await response.json()).toEqual({ status: 'ok', database: { journalMode: 'wal', synchronous: 'full' } });
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
