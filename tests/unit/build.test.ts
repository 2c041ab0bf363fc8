import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './helpers/db';

describe('npm run build', () => {
	it('builds the server without creating a database file', () => {
		const dir = makeTempDir();
		const out = join(dir, 'build');
		const dataDir = join(dir, 'data');
		execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
			env: { ...process.env, BUILD_DIR: out, DATABASE_URL: join(dataDir, 'undersigned.db') },
			stdio: 'pipe'
		});
		expect(existsSync(join(out, 'handler.js'))).toBe(true);
		expect(existsSync(dataDir)).toBe(false);
		expect(readdirSync(dir)).toEqual(['build']);
	});
});
