import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

test('an operator creates, lists, resets and disables staff accounts with npm run admin', () => {
	const dir = resolve('tests/.artifacts/servers/shell');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const admin = (...args: string[]) =>
		execFileSync(process.execPath, ['build/cli/admin.js', ...args], {
			env: { ...process.env, DATABASE_URL: resolve(dir, 'undersigned.db'), ORIGIN: 'https://sign.example.org' },
			encoding: 'utf8'
		});

	expect(admin('list')).toContain('No staff accounts yet.');
	expect(admin('create', 'Nigar@EAZ.example', 'Nigar Quliyeva', 'admin')).toMatch(
		/Created nigar@eaz\.example \(admin\)[\s\S]*https:\/\/sign\.example\.org\/admin\/password\/[\w-]{32}/
	);
	expect(admin('list')).toMatch(/nigar@eaz\.example\tadmin\tinvited\tNigar Quliyeva/);
	expect(admin('reset-password', 'nigar@eaz.example')).toMatch(/\/admin\/password\/[\w-]{32}/);
	expect(admin('disable', 'nigar@eaz.example')).toContain('disabled');
	expect(admin('list')).toMatch(/nigar@eaz\.example\tadmin\tdisabled/);
	expect(() => admin('create', 'not-an-address', 'X')).toThrow();
	expect(() => admin('frobnicate')).toThrow();
});
