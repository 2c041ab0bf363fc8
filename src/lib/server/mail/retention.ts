/** What the outbox keeps of a message once it has done its work: what the dashboard counts, not whom it went to. */
import type { Connection } from '../db/prepared';
import { prepared } from '../db/prepared';

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
	return prepared(
		db,
		`UPDATE mail_outbox SET "to" = '', payload = '{}'
		WHERE id IN (SELECT id FROM mail_outbox WHERE "to" != '' AND created_at < ? AND state != 'pending' LIMIT ?)`
	).run(now - MAIL_ADDRESS_KEPT_MS, limit).changes;
}

/**
 * Messages that never left (failed, or kept in the development mailbox) lose their links once the
 * links' tokens have expired: a copy of the outbox then opens nothing. (Sent ones lost them on sending.)
 */
export function dropExpiredLinks(db: Connection, now = Date.now(), limit = 500): number {
	const rows = prepared(
		db,
		`SELECT id, payload FROM mail_outbox WHERE state IN ('failed', 'held') AND created_at < ? AND instr(payload, 'Link"') > 0 LIMIT ?`
	).all(now - MAIL_LINKS_KEPT_MS, limit) as { id: number; payload: string }[];
	const update = prepared(db, 'UPDATE mail_outbox SET payload = ? WHERE id = ?');
	for (const row of rows) {
		const kept = Object.fromEntries(Object.entries(JSON.parse(row.payload) as Record<string, string>).filter(([key]) => !key.endsWith('Link')));
		update.run(JSON.stringify(kept), row.id);
	}
	return rows.length;
}

/** Erasure reaches the outbox: every message to these addresses loses address and contents; unsent ones are not sent. */
export function forgetMailTo(db: Connection, addresses: string[]): number {
	let changed = 0;
	const forget = prepared(
		db,
		`UPDATE mail_outbox SET "to" = '', payload = '{}', state = CASE WHEN state = 'pending' THEN 'failed' ELSE state END,
			last_error = CASE WHEN state = 'pending' THEN 'erased at the recipient''s request' ELSE last_error END
		WHERE "to" = ?`
	);
	for (const address of new Set(addresses)) if (address) changed += forget.run(address).changes;
	return changed;
}
