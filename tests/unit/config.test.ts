import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getAppSecret, getDataDir, resetConfigCache } from '$lib/server/config';
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
		process.env.APP_SECRET = 'from-the-environment';
		expect(getAppSecret()).toBe('from-the-environment');
		expect(existsSync(join(dir, 'app-secret'))).toBe(false);
	});

	it('keeps data in data/ unless DATABASE_URL says otherwise', () => {
		delete process.env.DATABASE_URL;
		expect(getDataDir()).toBe(join(process.cwd(), 'data'));
		process.env.DATABASE_URL = 'file:/srv/undersigned/db.sqlite';
		expect(getDataDir()).toBe('/srv/undersigned');
	});
});
