import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { startMailSink } from '../mail-sink.js';
import { SLUG } from './pages';
import { insertSignedInModerator } from './staff';
import { formPoster, testPort } from './servers';

const PORT = testPort(4181);
const ORIGIN = `http://localhost:${PORT}`;
const BASE = `http://127.0.0.1:${PORT}`;
const STAFF_TOKEN = 'twoprocessessessiontokenaaaaaaaa';
const BACKLOG = 3000;

// One cluster for the file, its stories in order.
test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

let cluster: ChildProcess;
let exited: Promise<number | null>;
let log = '';
let db: Database.Database;
let sink: Awaited<ReturnType<typeof startMailSink>>;

test.beforeAll(async () => {
	const dir = resolve('tests/.artifacts/servers/two-processes');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const database = resolve(dir, 'undersigned.db');
	sink = await startMailSink();
	// Shared pages live a minute here, so that only the generation can make a change show within a second.
	cluster = spawn(process.execPath, ['server.js'], {
		env: {
			...process.env,
			WORKERS: '2',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN,
			DATABASE_URL: database,
			SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
			ABUSE_PROTECTION: 'off',
			PAGE_CACHE_SECONDS: '60',
			BACKUP_DIR: 'off',
			JOBS_LEASE_SECONDS: '6'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	cluster.stdout!.on('data', (chunk) => (log += chunk));
	cluster.stderr!.on('data', (chunk) => (log += chunk));
	exited = new Promise((done) => cluster.once('exit', (code) => done(code)));
	await expect.poll(() => (log.match(/Server process \d+ is listening/g) ?? []).length, { timeout: 30_000 }).toBe(2);
	db = new Database(database);
	db.pragma('busy_timeout = 5000');
	insertSignedInModerator(db, STAFF_TOKEN);
});

test.afterAll(async () => {
	db?.close();
	cluster?.kill('SIGKILL');
	await sink?.close();
});

/** The public count, on a connection of its own (the cluster hands each connection to one of the processes in turn). */
function publicCount(): Promise<number> {
	return new Promise((done, fail) => {
		get(`${BASE}/api/v1/statements/${SLUG}`, { agent: false }, (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => done((JSON.parse(body) as { signatures: number }).signatures));
		}).on('error', fail);
	});
}

const countsOnEveryProcess = async () => [...new Set(await Promise.all(Array.from({ length: 8 }, publicCount)))];

const post = formPoster(BASE, ORIGIN);

async function signAndConfirm(email: string) {
	expect((await post(`/en/statements/${SLUG}/sign`, { name: 'Two Processes', email, country: 'AZ', display: 'full', consent: 'on' })).status).toBe(303);
	const payload = db.prepare("SELECT payload FROM mail_outbox WHERE \"to\" = ? AND template = 'confirm'").pluck().get(email) as string;
	expect((await post(new URL(JSON.parse(payload).confirmLink).pathname, {})).status).toBe(303);
}

const holderPid = () => {
	const holder = db.prepare("SELECT holder FROM lease WHERE name = 'jobs' AND expires_at > ?").pluck().get(Date.now()) as string | undefined;
	return holder ? Number(holder.split(':')[1]) : null;
};

test("a moderator's decision shows within a second on every process, whatever each had shared", async () => {
	await signAndConfirm('first@example.org');
	// Every process keeps "1" for a minute from here.
	expect(await countsOnEveryProcess()).toEqual([1]);
	await signAndConfirm('second@example.org');
	await signAndConfirm('third@example.org');
	expect(await countsOnEveryProcess()).toEqual([1]);

	const id = db.prepare("SELECT id FROM signature WHERE email = 'first@example.org'").pluck().get() as number;
	expect((await post(`/admin/signatures/${id}`, { action: 'invalidate' }, { cookie: `staff_session=${STAFF_TOKEN}` })).status).toBe(200);
	await new Promise((r) => setTimeout(r, 1000));
	expect(await countsOnEveryProcess()).toEqual([2]);
});

test('the process running the jobs is killed during a mail backlog: another takes over, and every message goes out exactly once', async () => {
	await expect.poll(holderPid).not.toBeNull();
	const killed = holderPid()!;
	// The supporters' confirmations, queued and acknowledged before anything goes out.
	const queue = db.prepare(
		"INSERT INTO mail_outbox (\"to\", template, locale, payload, state, attempts, next_attempt_at, message_id, created_at) VALUES (?, 'confirm', 'en', ?, 'pending', 0, ?, ?, ?)"
	);
	db.transaction(() => {
		for (let i = 0; i < BACKLOG; i++) {
			const link = `${ORIGIN}/en/confirm/backlog${String(i).padStart(24, '0')}`;
			queue.run(`backlog${i}@example.org`, JSON.stringify({ name: `Reader ${i}`, confirmLink: link, withdrawLink: link }), Date.now(), `<backlog-${i}@localhost>`, Date.now());
		}
	})();
	const backlog = () => sink.received.filter((m) => m.messageId?.startsWith('<backlog-'));

	await expect.poll(() => backlog().length, { timeout: 30_000, intervals: [20] }).toBeGreaterThan(300);
	process.kill(killed, 'SIGKILL');
	const atKill = backlog().length;
	expect(atKill).toBeLessThan(BACKLOG);

	// Another process holds the lease and sends the rest.
	await expect.poll(holderPid, { timeout: 20_000 }).not.toBe(killed);
	expect(holderPid()).not.toBeNull();
	await expect.poll(() => backlog().length, { timeout: 60_000 }).toBe(BACKLOG);
	await expect.poll(() => db.prepare("SELECT count(*) FROM mail_outbox WHERE message_id LIKE '<backlog-%' AND state = 'sent'").pluck().get(), { timeout: 10_000 }).toBe(BACKLOG);
	// Counted at the listener: each exactly once.
	const ids = backlog().map((m) => m.messageId);
	expect(new Set(ids).size).toBe(BACKLOG);
	expect(ids).toHaveLength(BACKLOG);

	// The killed process was replaced: two answer again.
	await expect.poll(() => (log.match(/Server process \d+ is listening/g) ?? []).length, { timeout: 20_000 }).toBe(3);
	expect(log).toContain(`server process ${killed} stopped (SIGKILL)`);
	expect(await countsOnEveryProcess()).toEqual([2]);
});

test('SIGTERM stops every process cleanly', async () => {
	cluster.kill('SIGTERM');
	expect(await exited).toBe(0);
	const pids = [...log.matchAll(/Server process (\d+) is listening/g)].map((m) => Number(m[1]));
	for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
});
