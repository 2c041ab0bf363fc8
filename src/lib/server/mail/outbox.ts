import { randomUUID } from 'node:crypto';
import type { Locale } from '$lib/i18n/locales';
import { desc, eq } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { insertRow } from '../db/rows';
import { mailOutbox, type MailMessage } from '../db/schema';
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
