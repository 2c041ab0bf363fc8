import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { testPort } from './servers';

const PORT = testPort(4176);
const ORIGIN = `http://localhost:${PORT}`;
const BASE = `http://127.0.0.1:${PORT}`;
const TRIALS = 5;

test.setTimeout(180_000);

function startServer(database: string): { child: ChildProcess; exited: Promise<unknown> } {
	const child = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN, DATABASE_URL: database, SMTP_URL: '' },
		stdio: 'ignore'
	});
	return { child, exited: new Promise((r) => child.once('exit', r)) };
}

async function waitUntilUp() {
	await expect
		.poll(async () => (await fetch(`${BASE}/healthz`).catch(() => null))?.status, { timeout: 20_000, intervals: [100] })
		.toBe(200);
}

const form = (fields: Record<string, string>) => ({
	method: 'POST',
	headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
	body: new URLSearchParams(fields).toString(),
	redirect: 'manual' as const
});

test(`a server killed with SIGKILL mid-load keeps every confirmation it acknowledged (${TRIALS} trials)`, async () => {
	const dir = resolve('tests/.artifacts/servers/crash');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const database = resolve(dir, 'undersigned.db');
	const acknowledged: string[] = [];
	let n = 0;

	for (let trial = 0; trial < TRIALS; trial++) {
		const server = startServer(database);
		await waitUntilUp();
		const reader = new Database(database, { readonly: true });
		let stop = false;
		// Twenty people at once: sign, find the link in the (development) outbox, confirm.
		const workers = Array.from({ length: 20 }, async () => {
			while (!stop) {
				const email = `crash${trial}.${n++}@example.org`;
				try {
					const signed = await fetch(`${BASE}/en/statements/mine-contaminated-areas/sign`, form({ name: 'Crash Test', email, country: 'AZ', display: 'private', consent: 'on' }));
					if (signed.status !== 303) continue;
					const link = reader.prepare('SELECT json_extract(payload, \'$.confirmLink\') FROM mail_outbox WHERE "to" = ?').pluck().get(email) as string | undefined;
					if (!link) continue;
					const confirmed = await fetch(`${BASE}${new URL(link).pathname}`, form({}));
					if (confirmed.status === 303 && /\/thank-you(\?|$)/.test(confirmed.headers.get('location') ?? '')) acknowledged.push(email);
				} catch {
					// the server is gone: stop at the next turn
				}
			}
		});
		await new Promise((r) => setTimeout(r, 700 + Math.random() * 800));
		server.child.kill('SIGKILL');
		stop = true;
		await Promise.all(workers);
		await server.exited;
		reader.close();
	}

	// Back up after the last crash: the file must be sound and every acknowledged confirmation there.
	const server = startServer(database);
	await waitUntilUp();
	server.child.kill('SIGTERM');
	await server.exited;
	const db = new Database(database, { readonly: true });
	expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
	expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
	const confirmed = new Set(db.prepare("SELECT email FROM signature WHERE state = 'confirmed'").pluck().all() as string[]);
	const counted = db.prepare('SELECT signatures FROM statement_counter').pluck().get() as number;
	db.close();
	const lost = acknowledged.filter((email) => !confirmed.has(email));
	console.log(`[measure] crash trials: ${TRIALS}, acknowledged confirmations: ${acknowledged.length}, lost: ${lost.length}`);
	expect(acknowledged.length).toBeGreaterThan(TRIALS * 5);
	expect(lost).toEqual([]);
	expect(counted).toBe(confirmed.size);
});
