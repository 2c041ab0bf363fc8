import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabase } from '$lib/server/backup';
import { getAppSecret, getDataDir, resetConfigCache } from '$lib/server/config';
import { openDatabase } from '$lib/server/db';
import { redactTokens } from '$lib/server/log';
import { makeTempDir } from './helpers/db';

describe('embedded defaults', () => {
	const saved = { ...process.env };
	beforeEach(() => resetConfigCache());
	afterEach(() => {
		process.env = { ...saved };
		resetConfigCache();
	});

	it('generates APP_SECRET once into the data folder, readable only by its owner', () => {
		const dir = makeTempDir();
		process.env.DATABASE_URL = join(dir, 'undersigned.db');
		delete process.env.APP_SECRET;
		const first = getAppSecret();
		const file = join(dir, 'app-secret');
		expect(existsSync(file)).toBe(true);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(first.length).toBeGreaterThanOrEqual(43);
		resetConfigCache();
		expect(getAppSecret()).toBe(first);
		expect(readFileSync(file, 'utf8').trim()).toBe(first);
	});

	it('prefers APP_SECRET from the environment and writes nothing', () => {
		const dir = makeTempDir();
		process.env.DATABASE_URL = join(dir, 'undersigned.db');
		process.env.APP_SECRET = 'from-the-environment-and-long-enough-to-be-kept';
		expect(getAppSecret()).toBe('from-the-environment-and-long-enough-to-be-kept');
		expect(existsSync(join(dir, 'app-secret'))).toBe(false);
	});

	it('refuses a secret of fewer than 32 bytes, from the environment or the file, and says what to do', () => {
		const dir = makeTempDir();
		process.env.DATABASE_URL = join(dir, 'undersigned.db');
		process.env.APP_SECRET = 'changeme';
		expect(() => getAppSecret()).toThrow(/APP_SECRET holds 8 bytes; the app secret needs at least 32.*openssl rand/);
		resetConfigCache();
		delete process.env.APP_SECRET;
		writeFileSync(join(dir, 'app-secret'), 'short\n');
		expect(() => getAppSecret()).toThrow(/app-secret holds 5 bytes/);
	});

	it('creates the database, its journal and its backups for their owner alone', async () => {
		const dir = join(makeTempDir(), 'data');
		const db = openDatabase(join(dir, 'undersigned.db'));
		db.$client.prepare('CREATE TABLE t (x)').run();
		expect(statSync(dir).mode & 0o777).toBe(0o700);
		for (const suffix of ['', '-wal', '-shm']) expect(statSync(join(dir, `undersigned.db${suffix}`)).mode & 0o777, suffix).toBe(0o600);
		const report = await backupDatabase(db.$client, join(dir, 'backups', 'copy.db'));
		expect(statSync(report.file).mode & 0o777).toBe(0o600);
		expect(statSync(join(dir, 'backups')).mode & 0o777).toBe(0o700);
		db.$client.close();
	});

	it('keeps tokens out of the paths it logs', () => {
		expect(redactTokens('/en/confirm/abcdefghijklmnopqrstuvwxyz012345')).toBe('/en/confirm/[token]');
		expect(redactTokens('/admin/setup/abcdefghijklmnopqrstuvwxyz0_-345/x')).toBe('/admin/setup/[token]/x');
		expect(redactTokens('/en/statements/mine-contaminated-areas')).toBe('/en/statements/mine-contaminated-areas');
	});

	it('keeps data in data/ unless DATABASE_URL says otherwise', () => {
		delete process.env.DATABASE_URL;
		expect(getDataDir()).toBe(join(process.cwd(), 'data'));
		process.env.DATABASE_URL = 'file:/srv/undersigned/db.sqlite';
		expect(getDataDir()).toBe('/srv/undersigned');
	});
});
