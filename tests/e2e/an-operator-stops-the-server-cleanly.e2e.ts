import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { testPort } from './servers';

const PORT = testPort(4175);

test('an operator stops the server with SIGTERM and the database is closed cleanly', async () => {
	const dir = resolve('tests/.artifacts/servers/stopping');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const database = resolve(dir, 'undersigned.db');
	const server = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: database },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	server.stdout.on('data', (chunk) => (log += chunk));
	server.stderr.on('data', (chunk) => (log += chunk));
	const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));

	await expect.poll(async () => (await fetch(`http://127.0.0.1:${PORT}/healthz`).catch(() => null))?.status, {
		timeout: 15_000
	}).toBe(200);
	expect((await fetch(`http://127.0.0.1:${PORT}/en`)).status).toBe(200);
	expect(log).toContain(`http://localhost:${PORT}`);
	expect(existsSync(`${database}-wal`)).toBe(true);

	server.kill('SIGTERM');
	expect(await exited).toBe(0);
	// SQLite folds the write-ahead log back into the file and removes it when the last connection closes.
	expect(existsSync(`${database}-wal`)).toBe(false);
	expect(existsSync(database)).toBe(true);
});
