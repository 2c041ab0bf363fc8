/** What the outbox keeps of a message once it has done its work: what the dashboard counts, not whom it went to. */
import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Connection } from '../db';
import { mailOutbox } from '../db/schema';

const DAY = 24 * 60 * 60 * 1000;
/** A message's address, name and contents are erased this long after it was queued (and sent). */
export const MAIL_ADDRESS_KEPT_MS = 7 * DAY;
/** The longest-lived link a message carries (confirmation and invitation links: 72 hours). */
export const MAIL_LINKS_KEPT_MS = 3 * DAY;

/**
 * Erase the address and contents of delivered, failed and held messages a week old, a batch at a
 * time (the ten-minute jobs); kind, language, times and state stay for the dashboard. A message
 * still waiting to be sent keeps them.
 */
export function forgetOldRecipients(db: Connection, now = Date.now(), limit = 500): number {
	// `"to" != ''` in SQL's own words, so that SQLite sees the partial index made for it.
	const batch = db
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(and(sql`${mailOutbox.to} != ''`, lt(mailOutbox.createdAt, new Date(now - MAIL_ADDRESS_KEPT_MS)), ne(mailOutbox.state, 'pending')))
		.limit(limit);
	return db.update(mailOutbox).set({ to: '', payload: {} }).where(inArray(mailOutbox.id, batch)).run().changes;
}

/**
 * Messages that never left (failed, or kept in the development mailbox) lose their links once the
 * links' tokens have expired: a copy of the outbox then opens nothing. (Sent ones lost them on sending.)
 */
export function dropExpiredLinks(db: Connection, now = Date.now(), limit = 500): number {
	const rows = db
		.select({ id: mailOutbox.id, payload: mailOutbox.payload })
		.from(mailOutbox)
		// The states in SQL's own words: the partial index made for them.
		.where(and(sql`${mailOutbox.state} IN ('failed', 'held')`, lt(mailOutbox.createdAt, new Date(now - MAIL_LINKS_KEPT_MS)), sql`instr(${mailOutbox.payload}, 'Link"') > 0`))
		.limit(limit)
		.all();
	for (const row of rows) {
		const kept = Object.fromEntries(Object.entries(row.payload).filter(([key]) => !key.endsWith('Link')));
		db.update(mailOutbox).set({ payload: kept }).where(eq(mailOutbox.id, row.id)).run();
	}
	return rows.length;
}

/** Erasure reaches the outbox: every message to these addresses loses address and contents; unsent ones are not sent. */
export function forgetMailTo(db: Connection, addresses: string[]): number {
	let changed = 0;
	const unsent = sql`${mailOutbox.state} = 'pending'`;
	for (const address of new Set(addresses)) {
		if (!address) continue;
		changed += db
			.update(mailOutbox)
			.set({
				to: '',
				payload: {},
				state: sql`CASE WHEN ${unsent} THEN 'failed' ELSE ${mailOutbox.state} END`,
				lastError: sql`CASE WHEN ${unsent} THEN 'erased at the recipient''s request' ELSE ${mailOutbox.lastError} END`
			})
			.where(eq(mailOutbox.to, address))
			.run().changes;
	}
	return changed;
}
