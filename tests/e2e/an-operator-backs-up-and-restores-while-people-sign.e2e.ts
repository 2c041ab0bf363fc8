import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { testPort } from './servers';

const PORT = testPort(4177);
const ORIGIN = `http://localhost:${PORT}`;
const BASE = `http://127.0.0.1:${PORT}`;
const SLUG = 'mine-contaminated-areas';

test.setTimeout(120_000);

/** Every server this story starts: one that is still running when it ends (also by failing) is stopped, so that it does not hold the port for the next run. */
const started: ChildProcess[] = [];
test.afterEach(async () => {
	for (const child of started.splice(0).filter((c) => c.exitCode === null && c.signalCode === null)) {
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	}
});

function startServer(database: string, env: Record<string, string> = {}) {
	const child = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN, DATABASE_URL: database, SMTP_URL: '', ABUSE_PROTECTION: 'off', ...env },
		stdio: 'ignore'
	});
	started.push(child);
	return { child, exited: new Promise((r) => child.once('exit', r)) };
}

async function waitUntilUp() {
	await expect.poll(async () => (await fetch(`${BASE}/healthz`).catch(() => null))?.status, { timeout: 20_000, intervals: [100] }).toBe(200);
}

const post = (path: string, fields: Record<string, string>) =>
	fetch(`${BASE}${path}`, {
		method: 'POST',
		headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual'
	});

test('an operator backs up the database while people sign, and the restored copy serves what it held', async () => {
	const dir = resolve('tests/.artifacts/servers/backup');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const live = resolve(dir, 'undersigned.db');
	const copy = resolve(dir, 'copies', 'undersigned-copy.db');

	const server = startServer(live, { BACKUP_DIR: resolve(dir, 'daily') });
	await waitUntilUp();
	const reader = new Database(live, { readonly: true });
	let stop = false;
	let n = 0;
	// People keep signing and confirming during the backup.
	const signers = Array.from({ length: 10 }, async () => {
		while (!stop) {
			const email = `backup.${n++}@example.org`;
			if ((await post(`/en/statements/${SLUG}/sign`, { name: 'Backup Test', email, country: 'AZ', display: 'full', consent: 'on' })).status !== 303) continue;
			const link = reader.prepare("SELECT json_extract(payload, '$.confirmLink') FROM mail_outbox WHERE \"to\" = ?").pluck().get(email) as string | undefined;
			if (link) await post(new URL(link).pathname, {});
		}
	});
	await expect.poll(() => reader.prepare("SELECT count(*) FROM signature WHERE state = 'confirmed'").pluck().get() as number, { timeout: 20_000 }).toBeGreaterThan(50);

	const { stdout } = await promisify(execFile)(process.execPath, ['build/cli/backup.js', copy], { env: { ...process.env, DATABASE_URL: live } });
	const confirmedDuringBackup = reader.prepare("SELECT count(*) FROM signature WHERE state = 'confirmed'").pluck().get() as number;
	stop = true;
	await Promise.all(signers);
	expect(stdout).toMatch(/integrity_check: ok/);
	const printed = Object.fromEntries([...stdout.matchAll(/^(\w+)\t(\d+)$/gm)].map((m) => [m[1], Number(m[2])]));

	// The daily backup ran by itself when the server started, in a child process at a lower priority
	// than the server's (it is put in place once checked, which takes longer while people sign).
	const daily = resolve(dir, 'daily', `undersigned-${new Date().toISOString().slice(0, 10)}.db`);
	await expect.poll(() => existsSync(daily), { timeout: 60_000 }).toBe(true);
	const dailyCopy = new Database(daily, { readonly: true });
	expect(dailyCopy.pragma('integrity_check', { simple: true })).toBe('ok');
	dailyCopy.close();

	// The copy: consistent in itself, and every confirmed signature in it is confirmed in the live file.
	const backup = new Database(copy, { readonly: true });
	expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
	expect(printed.signature).toBe(backup.prepare('SELECT count(*) FROM signature').pluck().get());
	const confirmedInCopy = backup.prepare("SELECT email FROM signature WHERE state = 'confirmed'").pluck().all() as string[];
	const counter = backup.prepare('SELECT signatures FROM statement_counter').pluck().get() as number;
	backup.close();
	expect(confirmedInCopy.length).toBeGreaterThan(50);
	expect(confirmedInCopy.length).toBeLessThanOrEqual(confirmedDuringBackup);
	expect(counter).toBe(confirmedInCopy.length);
	const liveConfirmed = new Set(reader.prepare("SELECT email FROM signature WHERE state = 'confirmed'").pluck().all() as string[]);
	expect(confirmedInCopy.filter((e) => !liveConfirmed.has(e))).toEqual([]);
	reader.close();

	// Restore as README says: stop, put the copy in place, start.
	server.child.kill('SIGTERM');
	await server.exited;
	startServer(copy, { BACKUP_DIR: 'off' });
	await waitUntilUp();
	const api = await (await fetch(`${BASE}/api/v1/statements/${SLUG}`)).json();
	expect(api.signatures).toBe(confirmedInCopy.length);
	const page = await (await fetch(`${BASE}/en/statements/${SLUG}/signatories`)).text();
	expect(page).toContain('Backup Test');
});
