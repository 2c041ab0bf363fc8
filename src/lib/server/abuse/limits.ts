import { createHmac } from 'node:crypto';
import { eq, inArray, lt, sql } from 'drizzle-orm';
import { getAbuseSettings, getAppSecret } from '../config';
import type { Connection } from '../db';
import { preparedQuery } from '../db/prepared';
import { rateLimit, type SignatureFlag } from '../db/schema';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Emails that anyone's request can send to one address (confirmations, data links), per 24 hours. */
export const MAIL_PER_RECIPIENT_PER_DAY = 3;

/**
 * Add `points` to `key` in its current window (`windowMs` from its first point) and return the
 * count so far. Runs in the caller's transaction, so that it joins the caller's group commit and
 * holds across restarts and processes.
 */
export function countInWindow(tx: Connection, key: string, windowMs: number, now: number, points = 1): number {
	const count = preparedQuery(tx, 'rate_limit count', () => {
		const open = sql`${rateLimit.expiresAt} > ${sql.placeholder('now')}`;
		return tx
			.insert(rateLimit)
			.values({ key: sql.placeholder('key'), points: sql.placeholder('points'), expiresAt: sql.placeholder('expiresAt') })
			.onConflictDoUpdate({
				target: rateLimit.key,
				set: {
					points: sql`CASE WHEN ${open} THEN ${rateLimit.points} + excluded.points ELSE excluded.points END`,
					expiresAt: sql`CASE WHEN ${open} THEN ${rateLimit.expiresAt} ELSE excluded.expires_at END`
				}
			})
			.returning({ points: rateLimit.points })
			.prepare();
	});
	return count.get({ key, points, expiresAt: now + windowMs, now })!.points;
}

/** An email address as the limits know it: an HMAC of its canonical form, never the address. */
function recipientKey(canonicalEmail: string): string {
	return createHmac('sha256', getAppSecret()).update(`mail-recipient:${canonicalEmail}`).digest('base64url').slice(0, 32);
}

/**
 * Count one email that an anonymous request asks for to this address: false when it is over
 * MAIL_PER_RECIPIENT_PER_DAY in 24 hours whatever the flow (half that for a request without the
 * proof-of-work). With `wanted` false nothing is counted, but the same write is made, so that a
 * request that sends nothing costs what one that sends costs.
 */
export function mayMailRecipient(tx: Connection, canonicalEmail: string, flags: readonly SignatureFlag[], now = Date.now(), wanted = true): boolean {
	if (!getAbuseSettings().enabled) return wanted;
	const cap = flags.includes('no_pow') ? Math.floor(MAIL_PER_RECIPIENT_PER_DAY / 2) : MAIL_PER_RECIPIENT_PER_DAY;
	const count = countInWindow(tx, `mail-to:${recipientKey(canonicalEmail)}`, DAY, now, wanted ? 1 : 0);
	return wanted && count <= cap;
}

/**
 * When one more email that anyone can trigger may go, under the hourly ceiling for everyone
 * together (MAIL_ANONYMOUS_PER_HOUR): a leaky bucket, so the ceiling may go at once and the rest
 * one every hour/ceiling, queued rather than dropped.
 */
export function scheduleAnonymousMail(tx: Connection, now = Date.now()): number {
	const settings = getAbuseSettings();
	if (!settings.enabled) return now;
	const interval = HOUR / Math.max(1, settings.anonymousMailPerHour);
	const due = anonymousMailDue(tx);
	// The bucket's clock: how far ahead of now the mail already accepted reaches.
	const reach = Math.max(due ?? 0, now) + interval;
	preparedQuery(tx, 'rate_limit anonymous mail set', () => {
		return tx
			.insert(rateLimit)
			.values({ key: ANONYMOUS_DUE, points: sql.placeholder('reach'), expiresAt: sql.placeholder('reach') })
			.onConflictDoUpdate({ target: rateLimit.key, set: { points: sql`excluded.points`, expiresAt: sql`excluded.expires_at` } })
			.prepare();
	}).run({ reach });
	return Math.max(now, reach - HOUR);
}

const ANONYMOUS_DUE = 'mail-anonymous-due';

/** The hourly ceiling's clock (see scheduleAnonymousMail). */
function anonymousMailDue(tx: Connection): number | undefined {
	return preparedQuery(tx, 'rate_limit anonymous mail due', () =>
		tx.select({ points: rateLimit.points }).from(rateLimit).where(eq(rateLimit.key, ANONYMOUS_DUE)).prepare()
	).get()?.points;
}

/** Both: whether an anonymous request's email to this address goes, and when. */
export function gateAnonymousMail(
	tx: Connection,
	canonicalEmail: string,
	flags: readonly SignatureFlag[],
	now = Date.now()
): { send: false } | { send: true; notBefore: number } {
	return mayMailRecipient(tx, canonicalEmail, flags, now) ? { send: true, notBefore: scheduleAnonymousMail(tx, now) } : { send: false };
}

/**
 * The gate of a "you have signed (or endorsed) already" email for a signature or endorsement
 * (`subject`, e.g. "signature:12"): one a week for each, whoever asks, then the caps of every
 * email that anyone can trigger. The per-address cap alone would let a stranger send one every day
 * and use up the address's allowance for other mail. Refused or not, the same writes are made.
 */
export function gateReminder(
	tx: Connection,
	subject: string,
	canonicalEmail: string,
	flags: readonly SignatureFlag[],
	now = Date.now()
): { send: false } | { send: true; notBefore: number } {
	if (countInWindow(tx, `remind:${subject}`, 7 * DAY, now) > 1) {
		mayMailRecipient(tx, canonicalEmail, flags, now, false);
		return { send: false };
	}
	return gateAnonymousMail(tx, canonicalEmail, flags, now);
}

/** Until when mail that anyone can trigger is held back by the hourly ceiling (null: it is not). */
export function anonymousMailHeldUntil(tx: Connection, now = Date.now()): number | null {
	const due = anonymousMailDue(tx);
	return due !== undefined && due - HOUR > now ? due - HOUR : null;
}

/** Forget counts whose window has ended, a batch at a time (the ten-minute jobs). */
export function dropSpentLimits(tx: Connection, now = Date.now(), limit = 500): number {
	const spent = tx.select({ key: rateLimit.key }).from(rateLimit).where(lt(rateLimit.expiresAt, now)).limit(limit);
	return tx.delete(rateLimit).where(inArray(rateLimit.key, spent)).run().changes;
}
