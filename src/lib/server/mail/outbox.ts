import { randomUUID } from 'node:crypto';
import type { Locale } from '$lib/i18n/locales';
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { insertRow } from '../db/rows';
import { mailOutbox, tally, type MailMessage } from '../db/schema';
import { getMailFrom } from '../config';
import type { TemplateName } from './templates';

export type OutgoingMail = {
	to: string;
	template: TemplateName;
	locale: Locale;
	payload: Record<string, string>;
};

/**
 * Queue one email inside the caller's transaction; the worker delivers it after the commit, and not
 * before `notBefore` (ms) when given (mail held back by the hourly ceiling, see abuse/limits.ts).
 */
export function enqueueMail(tx: Connection, mail: OutgoingMail, now = new Date(), notBefore = now.getTime()): void {
	const domain = getMailFrom().match(/@([^>\s]+)>?\s*$/)?.[1] ?? 'localhost';
	insertRow(tx, mailOutbox, { ...mail, messageId: `<${randomUUID()}@${domain}>`, createdAt: now, nextAttemptAt: new Date(notBefore) });
}

/** The development mailbox's messages (kept, never sent, while no SMTP server is configured), newest first. */
export function listHeldMail(db: Db, limit = 100): MailMessage[] {
	return db.select().from(mailOutbox).where(eq(mailOutbox.state, 'held')).orderBy(desc(mailOutbox.id)).limit(limit).all();
}

/**
 * What a monitor watches of the mail: how many messages wait and how many were given up (from the
 * tallies the triggers keep), and how long the oldest waiting one has waited.
 */
export function mailBacklog(db: Db, now = Date.now()): { pending: number; failed: number; oldestPendingMinutes: number } {
	const tallies = new Map(
		db
			.select({ key: tally.key, n: tally.n })
			.from(tally)
			.where(inArray(tally.key, ['outbox:pending', 'outbox:failed']))
			.all()
			.map((r) => [r.key, r.n])
	);
	// The due index's first pending entry (retried ones are due later, so this is close to the oldest).
	const oldest = db.select({ at: mailOutbox.createdAt }).from(mailOutbox).where(eq(mailOutbox.state, 'pending')).orderBy(asc(mailOutbox.nextAttemptAt)).limit(1).get();
	return {
		pending: tallies.get('outbox:pending') ?? 0,
		failed: tallies.get('outbox:failed') ?? 0,
		oldestPendingMinutes: oldest ? Math.max(0, Math.floor((now - oldest.at.getTime()) / 60_000)) : 0
	};
}

