import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { testPort } from './servers';

const PORT = testPort(4180);
const ORIGIN = `http://localhost:${PORT}`;
const BASE = `http://127.0.0.1:${PORT}`;

// One server for the file, its tests in order (the second builds on the first).
test.describe.configure({ mode: 'serial' });

let server: ChildProcess;
let log = '';

test.beforeAll(async () => {
	const dir = resolve('tests/.artifacts/servers/setup-guess');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	server = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN, DATABASE_URL: resolve(dir, 'undersigned.db'), SMTP_URL: '', BACKUP_DIR: 'off', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	server.stdout!.on('data', (d) => (log += d));
	await expect.poll(async () => (await fetch(`${BASE}/healthz`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
});

test.afterAll(() => server?.kill());

const trySetup = (token: string, from = '203.0.113.66') =>
	fetch(`${BASE}/admin/setup/${token}`, {
		method: 'POST',
		headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', 'X-Forwarded-For': from },
		body: new URLSearchParams({ name: 'Mallory', email: 'mallory@example.org', password: 'a long and careful sentence', confirm: 'a long and careful sentence' }).toString(),
		redirect: 'manual'
	});

test('an attacker guessing setup links is told no at once, then made to wait, and the real link still works', async () => {
	const started = performance.now();
	const answers: number[] = [];
	for (let i = 0; i < 40; i++) answers.push((await trySetup(`guess${i}`.padEnd(32, 'x'))).status);
	// Refused before any password is hashed: forty refusals take less than the time of a few hashes.
	expect(performance.now() - started).toBeLessThan(4000);
	expect(answers.slice(0, 30).every((s) => s === 410)).toBe(true);
	expect(answers.slice(30)).toContain(429);
	const throttled = await trySetup('another'.padEnd(32, 'x'));
	expect(throttled.status).toBe(429);
	expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);

	// The operator's own link, from another address (the attacker's waits are theirs alone).
	const token = log.match(/http:\/\/\S+\/admin\/setup\/([A-Za-z0-9_-]{32})/)?.[1];
	expect(token).toBeTruthy();
	const real = await trySetup(token!, '198.51.100.7');
	expect(real.status).toBe(303);
	expect(real.headers.get('location')).toBe('/admin/two-factor/setup');
	// Now that an administrator exists, the link is spent.
	expect((await trySetup(token!, '198.51.100.7')).status).toBe(410);
});

test("the administrator signs in from her own address while an attacker hammers her account from another", async () => {
	const signIn = (password: string, from: string) =>
		fetch(`${BASE}/admin/login`, {
			method: 'POST',
			headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', 'X-Forwarded-For': from },
			body: new URLSearchParams({ email: 'mallory@example.org', password }).toString(),
			redirect: 'manual'
		});
	const answers: number[] = [];
	for (let i = 0; i < 8; i++) answers.push((await signIn(`wrong password number ${i}`, '203.0.113.77')).status);
	expect(answers).toContain(429);
	// Her right password, from her own address, is let through to the second step at once.
	const hers = await signIn('a long and careful sentence', '198.51.100.7');
	expect(hers.status).toBe(303);
	expect(hers.headers.get('location')).toMatch(/^\/admin\/two-factor/);
});
