// The mail process alone: a fresh database with N messages in six languages, drained by
// build/cli/mail.js to the bench's SMTP listener, nothing else running. Prints the rate and the CPU
// the mail process and the listener used. `npm run build` first, then
// `node scripts/bench/mail-alone.js [N=20000] [node flags for the mail process…]`
// (SMTP_QUERY='?maxConnections=5' adds to its SMTP_URL).
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const COUNT = Number(process.argv[2] ?? 20_000);
const FLAGS = process.argv.slice(3);
const PORT = 4391;
const LOCALES = ['en', 'de', 'az', 'ru', 'tr', 'fr'];
const dir = mkdtempSync(join(tmpdir(), 'mail-alone-'));
const DB = join(dir, 'undersigned.db');
const env = { ...process.env, DATABASE_URL: DB, SMTP_URL: `smtp://127.0.0.1:${PORT}${process.env.SMTP_QUERY ?? ''}`, ORIGIN: 'http://127.0.0.1:5173' };
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Seconds of CPU a process (every thread) has used, from /proc. */
const cpu = (/** @type {number} */ pid) => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
};
const exited = (/** @type {import('node:child_process').ChildProcess} */ child) => new Promise((resolve) => child.once('exit', resolve));

const sink = spawn(process.execPath, ['scripts/bench/smtp-sink.js', String(PORT)], { stdio: 'inherit' });
try {
	// Started once so that it migrates the new database, then stopped.
	let mail = fork('build/cli/mail.js', [], { env, stdio: 'inherit' });
	await sleep(1500);
	mail.send('stop');
	await exited(mail);

	const db = new Database(DB);
	db.pragma('busy_timeout = 5000');
	const queue = db.prepare(
		"INSERT INTO mail_outbox (\"to\", template, locale, payload, state, attempts, next_attempt_at, message_id, created_at) VALUES (?, 'confirm', ?, ?, 'pending', 0, ?, ?, ?)"
	);
	const now = Date.now();
	db.transaction(() => {
		for (let i = 0; i < COUNT; i++) {
			const link = `http://127.0.0.1:5173/en/confirm/backlog${String(i).padStart(24, '0')}`;
			queue.run(`backlog${i}@surge.example`, LOCALES[i % LOCALES.length], JSON.stringify({ name: `Reader ${i}`, confirmLink: link, withdrawLink: link }), now, `<backlog-${now}-${i}@bench>`, now);
		}
	})();
	const pending = () => /** @type {number} */ (db.prepare("SELECT count(*) FROM mail_outbox WHERE state = 'pending'").pluck().get());

	const started = performance.now();
	mail = fork('build/cli/mail.js', [], { env, stdio: 'inherit', execArgv: FLAGS });
	while (pending() > 0) await sleep(50);
	const seconds = (performance.now() - started) / 1000;
	console.log(`${COUNT} messages in ${seconds.toFixed(2)} s: ${Math.round(COUNT / seconds)} a second (the process's start included)`);
	console.log(`CPU: the mail process ${cpu(/** @type {number} */ (mail.pid))} s, the listener ${cpu(/** @type {number} */ (sink.pid))} s`);
	mail.send('stop');
	await exited(mail);
	db.close();
} finally {
	sink.kill();
	rmSync(dir, { recursive: true, force: true });
}
