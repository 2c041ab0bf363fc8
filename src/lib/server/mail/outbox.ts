import { randomUUID } from 'node:crypto';
import type { Locale } from '$lib/i18n/locales';
import type { Db } from '../db';
import { mailOutbox } from '../db/schema';
import { getMailFrom } from '../config';
import type { TemplateName } from './templates';

type Tx = Pick<Db, 'insert'>;

export type OutgoingMail = {
	to: string;
	template: TemplateName;
	locale: Locale;
	payload: Record<string, string>;
};

/** Queue one email inside the caller's transaction; the worker delivers it after the commit. */
export function enqueueMail(tx: Tx, mail: OutgoingMail, now = new Date()): void {
	const domain = getMailFrom().match(/@([^>\s]+)>?\s*$/)?.[1] ?? 'localhost';
	tx.insert(mailOutbox)
		.values({ ...mail, messageId: `<${randomUUID()}@${domain}>`, createdAt: now, nextAttemptAt: now })
		.run();
}
