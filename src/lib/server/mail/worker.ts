import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Db } from '../db';
import { writeSoon } from '../db/write-batch';
import { mailOutbox, type MailMessage } from '../db/schema';
import { createSmtpSender } from './smtp';
import { renderMail } from './templates';

/** After this many failed attempts a message is given up (state failed) and shown to moderators. */
export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 60 * 60 * 1000;

export type Deliver = (message: MailMessage) => Promise<'sent' | 'held'>;

export function retryDelay(attempts: number): number {
	return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
}

/** Delivery over SMTP, on a few connections kept open; headers come from address objects, never from strings we glue. */
export function createSmtpDeliver(smtpUrl: string, from: string): { deliver: Deliver; close: () => void } {
	// A send that hangs ends well before its claim on the message does (CLAIM_MS).
	const smtp = createSmtpSender(smtpUrl, SOCKET_TIMEOUT_MS);
	const deliver: Deliver = async (message) => {
		const mail = renderMail(message.template as never, message.locale, message.payload);
		const composed = new MailComposer({
			from,
			to: { name: message.payload.name ?? '', address: message.to },
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			messageId: message.messageId,
			headers: {
				'Auto-Submitted': 'auto-generated',
				// RFC 8058: mail programs show an "Unsubscribe" button that stops updates in one click.
				// The link is our own (ORIGIN and a token we made).
				...(message.payload.oneClickUnsubscribeLink
					? { 'List-Unsubscribe': `<${message.payload.oneClickUnsubscribeLink}> (Unsubscribe)`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
					: {})
			}
		}).compile();
		// The message is put together first and handed over whole: streamed as it is made, it went to
		// the socket in a write per line. The envelope holds the addresses as the headers do
		// (an internationalized domain in punycode).
		const envelope = composed.getEnvelope();
		if (!envelope.from) throw new Error('MAIL_FROM holds no email address');
		await smtp.send(envelope as { from: string; to: string[] }, await composed.build());
		return 'sent';
	};
	return { deliver, close: smtp.close };
}

/** The development mailbox: nothing leaves the machine; the links are printed so a developer can follow them. */
export const logDeliver: Deliver = async (message) => {
	const mail = renderMail(message.template as never, message.locale, message.payload);
	console.log(`[mail] development mailbox, not sent: "${mail.subject}" (${message.locale})`);
	for (const link of mail.links) console.log(`[mail]   ${link}`);
	return 'held';
};

/** Links carry tokens and a data copy carries everything; once the message is out, the outbox keeps neither. */
function scrub(payload: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(payload).filter(([key]) => !key.endsWith('Link') && key !== 'json'));
}

/**
 * How long a message taken for sending is kept from every other sender: if its sender dies before
 * recording the outcome, the message is due again after this (sent twice at worst, never lost).
 * Longer than a send may take (SOCKET_TIMEOUT_MS).
 */
export const CLAIM_MS = 5 * 60 * 1000;
/** Messages sent side by side. */
export const MAIL_BATCH = 100;
/** Outcomes recorded together, in one commit: one each (their answers come in one by one) made the commits the worker's main cost. */
const RECORD_EVERY = 20;
const SOCKET_TIMEOUT_MS = 60 * 1000;

/**
 * Deliver the messages that are due, one batch. Returns how many were tried and how many got
 * through (sent, or kept in the development mailbox); the outcomes are recorded a few at a time, in
 * the group commit. The batch is claimed first (its next attempt moved CLAIM_MS ahead, in one
 * statement that takes only what is still due), so that two senders on the database, as while one
 * process takes over from another, never take the same message.
 */
export async function deliverDueMail(db: Db, deliver: Deliver, now = new Date(), batch = MAIL_BATCH): Promise<{ tried: number; delivered: number }> {
	// Looked for without the write lock: an idle worker writes nothing.
	const ids = db
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(and(eq(mailOutbox.state, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
		.orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
		.limit(batch)
		.all()
		.map((row) => row.id);
	if (ids.length === 0) return { tried: 0, delivered: 0 };
	const due = db
		.update(mailOutbox)
		.set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
		.where(and(inArray(mailOutbox.id, ids), eq(mailOutbox.state, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
		.returning()
		.all();
	let delivered = 0;
	let unrecorded: { id: number; change: Partial<MailMessage> }[] = [];
	const recordings: Promise<void>[] = [];
	const record = () => {
		const outcomes = unrecorded;
		unrecorded = [];
		recordings.push(
			writeSoon(db, (tx) => {
				for (const { id, change } of outcomes) tx.update(mailOutbox).set(change).where(eq(mailOutbox.id, id)).run();
			})
		);
	};
	await Promise.all(
		due.map(async (message) => {
			const attempts = message.attempts + 1;
			let change: Partial<MailMessage>;
			try {
				const state = await deliver(message);
				change = { state, attempts, sentAt: state === 'sent' ? new Date() : null, lastError: null, payload: state === 'sent' ? scrub(message.payload) : message.payload };
				delivered++;
			} catch (error) {
				change = {
					attempts,
					state: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
					nextAttemptAt: new Date(now.getTime() + retryDelay(attempts)),
					lastError: String((error as Error).message ?? error).slice(0, 500)
				};
			}
			unrecorded.push({ id: message.id, change });
			if (unrecorded.length >= RECORD_EVERY) record();
		})
	);
	if (unrecorded.length > 0) record();
	await Promise.all(recordings);
	return { tried: due.length, delivered };
}

export type MailWorker = { stop: () => Promise<void>; wake: () => void };

/**
 * Deliver in the background: look for due mail every interval, and at once when woken. stop()
 * lets the batch in flight finish and be recorded, so that nothing repeats after a graceful stop.
 */
export function startMailWorker(db: Db, deliver: Deliver, intervalMs = 1000): MailWorker {
	let running: Promise<unknown> = Promise.resolve();
	let stopped = false;
	// At most one pass waits behind the one running: a burst of signatures wakes the worker once, not once each.
	let queued = false;
	const tick = () => {
		if (stopped || queued) return;
		queued = true;
		running = running.then(async () => {
			queued = false;
			// On to the next batch only while mail gets through: when the mail server is down, one
			// batch a tick finds out, instead of the whole backlog being tried (and rescheduled) at once.
			let delivered = 0;
			do {
				try {
					({ delivered } = await deliverDueMail(db, deliver));
				} catch (error) {
					delivered = 0;
					console.error('[mail] worker error:', (error as Error).message);
				}
			} while (delivered > 0 && !stopped);
		});
	};
	const timer = setInterval(tick, intervalMs);
	timer.unref();
	tick();
	return {
		wake: tick,
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}
