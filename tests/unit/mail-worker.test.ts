import { afterEach, describe, expect, it } from 'vitest';
import { domainToASCII } from 'node:url';
import { mailOutbox } from '$lib/server/db/schema';
import { openDatabase } from '$lib/server/db';
import { CLAIM_MS, createSmtpDeliver, deliverDueMail, logDeliver, MAIL_BATCH, MAX_ATTEMPTS, startMailWorker } from '$lib/server/mail/worker';
import { startMailSink } from '../mail-sink.js';
import { openTestDb } from './helpers/db';
import { sign } from './helpers/signing';

const FROM = 'European Azerbaijan Center <no-reply@localhost>';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sinkAndTransport() {
	const sink = await startMailSink();
	const smtp = createSmtpDeliver(`smtp://127.0.0.1:${sink.port}`, FROM);
	// The pooled transport first: the listener waits for open connections to end.
	cleanups.push(() => smtp.close(), () => sink.close());
	return { sink, smtp };
}

describe('the mail worker', () => {
	it('delivers the confirmation email over SMTP in the signer\'s language, text and HTML, then scrubs its link', async () => {
		const db = openTestDb();
		const { sink, smtp } = await sinkAndTransport();
		sign(db, { name: 'Ayla <b>Məmmədova</b>', email: 'ayla@bücher.de' }, { locale: 'de' });
		const [queued] = db.select().from(mailOutbox).all();
		expect(await deliverDueMail(db, smtp.deliver)).toEqual({ tried: 1, delivered: 1 });

		expect(sink.received).toHaveLength(1);
		const mail = sink.received[0];
		expect(mail.envelopeTo.map((a) => a.replace(/@(.*)$/, (_, d: string) => `@${domainToASCII(d)}`))).toEqual([
			'ayla@xn--bcher-kva.de'
		]);
		expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Unterschrift');
		expect(mail.messageId).toBe(queued.messageId);
		expect(mail.text).toContain(queued.payload.confirmLink);
		expect(mail.html).toContain(queued.payload.confirmLink);
		expect(mail.html).toContain('Ayla &#60;b&#62;Məmmədova&#60;/b&#62;');
		expect(mail.html).not.toContain('<b>Məmmədova');

		const [sent] = db.select().from(mailOutbox).all();
		expect(sent).toMatchObject({ state: 'sent', attempts: 1 });
		expect(JSON.stringify(sent.payload)).not.toContain('/confirm/');
		expect(JSON.stringify(sent.payload)).not.toContain('/withdraw/');
	});

	it('gives mail programs a one-click unsubscribe to signers who asked for updates', async () => {
		const db = openTestDb();
		const { sink, smtp } = await sinkAndTransport();
		sign(db, { updates: 'on' });
		await deliverDueMail(db, smtp.deliver);
		const mail = sink.received[0];
		expect(String(mail.raw)).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		expect(String(mail.raw)).toMatch(/List-Unsubscribe:\s+<http:\/\/localhost:4999\/api\/v1\/unsubscribe\/[\w-]{32}>/);
		expect(mail.text).toContain('/en/unsubscribe/');
	});

	it('retries later with back-off when the server refuses, keeping the same Message-ID', async () => {
		const db = openTestDb();
		const { sink, smtp } = await sinkAndTransport();
		sign(db);
		sink.failNext(1);
		const now = new Date();
		await deliverDueMail(db, smtp.deliver, now);
		const [failed] = db.select().from(mailOutbox).all();
		expect(failed).toMatchObject({ state: 'pending', attempts: 1 });
		expect(failed.lastError).toMatch(/451/);
		expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
		expect(await deliverDueMail(db, smtp.deliver, now)).toEqual({ tried: 0, delivered: 0 });

		await deliverDueMail(db, smtp.deliver, new Date(failed.nextAttemptAt.getTime() + 1));
		expect(sink.received).toHaveLength(1);
		expect(sink.received[0].messageId).toBe(failed.messageId);
		expect(db.select().from(mailOutbox).get()!.state).toBe('sent');
	});

	it('gives up after the last attempt', async () => {
		const db = openTestDb();
		sign(db);
		db.update(mailOutbox).set({ attempts: MAX_ATTEMPTS - 1 }).run();
		await deliverDueMail(db, async () => {
			throw new Error('connection refused');
		});
		expect(db.select().from(mailOutbox).get()).toMatchObject({ state: 'failed', lastError: 'connection refused' });
	});

	it('tries one batch a tick while the mail server is down, not the whole backlog at once', async () => {
		const db = openTestDb();
		for (let i = 0; i < MAIL_BATCH + 20; i++) sign(db, { email: `waiting${i}@example.org` });
		let tries = 0;
		const worker = startMailWorker(db, async () => {
			tries++;
			throw new Error('connect ECONNREFUSED 127.0.0.1:25');
		}, 60_000);
		await expect.poll(() => db.select().from(mailOutbox).all().filter((m) => m.attempts === 1).length).toBe(MAIL_BATCH);
		await worker.stop();
		expect(tries).toBe(MAIL_BATCH);
		const waiting = db.select().from(mailOutbox).all();
		expect(waiting.every((m) => m.state === 'pending')).toBe(true);
		expect(waiting.filter((m) => m.attempts === 0)).toHaveLength(20);
	});

	it('keeps mail in the development mailbox and prints its links', async () => {
		const db = openTestDb();
		sign(db);
		const lines: string[] = [];
		const log = console.log;
		console.log = (...args: unknown[]) => lines.push(args.join(' '));
		try {
			await deliverDueMail(db, logDeliver);
		} finally {
			console.log = log;
		}
		const [held] = db.select().from(mailOutbox).all();
		expect(held.state).toBe('held');
		expect(lines.join('\n')).toContain(held.payload.confirmLink);
		expect(lines.join('\n')).not.toContain('ayla@example.org');
	});

	it('delivers a burst in the background and finishes what is in flight when stopped', async () => {
		const db = openTestDb();
		const { sink, smtp } = await sinkAndTransport();
		for (let i = 0; i < 200; i++) sign(db, { email: `reader${i}@example.org` });
		const started = performance.now();
		const worker = startMailWorker(db, smtp.deliver, 50);
		await expect.poll(() => sink.received.length, { timeout: 20_000, interval: 20 }).toBe(200);
		const seconds = (performance.now() - started) / 1000;
		await worker.stop();
		console.log(`[measure] mail worker: 200 messages in ${seconds.toFixed(2)} s = ${(200 / seconds).toFixed(0)}/s to a loopback SMTP listener`);
		expect(db.select().from(mailOutbox).all().every((m) => m.state === 'sent')).toBe(true);
		expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(200);
	});

	it('never gives one message to two senders on the database (as while one process takes over from another)', async () => {
		const db = openTestDb();
		const other = openDatabase(db.$client.name);
		cleanups.push(() => other.$client.close());
		for (let i = 0; i < 120; i++) sign(db, { email: `pair${i}@example.org` });
		const sent: string[] = [];
		const slowly = async (message: { messageId: string }) => {
			await new Promise((resolve) => setTimeout(resolve, 5));
			sent.push(message.messageId);
			return 'sent' as const;
		};
		const drain = async (connection: typeof db) => {
			while ((await deliverDueMail(connection, slowly, new Date(), 20)).tried > 0);
		};
		await Promise.all([drain(db), drain(other)]);
		expect(sent).toHaveLength(120);
		expect(new Set(sent).size).toBe(120);
		expect(db.select().from(mailOutbox).all().every((m) => m.state === 'sent')).toBe(true);
	});

	it('sends again a message whose sender died before recording it, once its claim has run out', async () => {
		const db = openTestDb();
		sign(db);
		const now = new Date();
		// A sender that never comes back (its process was killed in the middle of the send).
		void deliverDueMail(db, () => new Promise(() => {}), now);
		const sent: string[] = [];
		const deliver = async (message: { messageId: string }) => (sent.push(message.messageId), 'sent' as const);
		expect(await deliverDueMail(db, deliver, new Date(now.getTime() + CLAIM_MS - 1))).toEqual({ tried: 0, delivered: 0 });
		expect(await deliverDueMail(db, deliver, new Date(now.getTime() + CLAIM_MS))).toEqual({ tried: 1, delivered: 1 });
		expect(db.select().from(mailOutbox).get()!.state).toBe('sent');
	});
});
