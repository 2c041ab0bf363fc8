import { fail, type ActionFailure } from '@sveltejs/kit';
import { eq, inArray, lt } from 'drizzle-orm';
import { getDb, type Connection } from '../db';
import { signInThrottle } from '../db/schema';

/** The longest wait a run of failures can earn. */
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Without a new failure for this long, the count of failures halves (longer than the longest wait, or waiting would undo it). */
export const DECAY_MS = 60 * 60 * 1000;
/** Rows not touched for a day are forgotten by the ten-minute jobs. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Throttling of sign-in steps (passwords, two-step and recovery codes alike). For each key, a number
 * of failures are free; each further one makes the next attempt wait twice as long as the one
 * before, from one second up to fifteen minutes. Failures count less with time (halved every
 * quiet hour), and a success clears the key. Kept in SQLite: a restart does not reset
 * it, and several processes share it.
 */
export class Throttle {
	constructor(
		private free: number,
		private db: () => Connection = getDb
	) {}

	#row(key: string): { failures: number; lastFailureAt: number } | undefined {
		return this.db()
			.select({ failures: signInThrottle.failures, lastFailureAt: signInThrottle.lastFailureAt })
			.from(signInThrottle)
			.where(eq(signInThrottle.key, key))
			.get();
	}

	/** Failures as they count now: halved for every DECAY_MS since the last one. */
	#failures(row: { failures: number; lastFailureAt: number } | undefined, now: number): number {
		if (!row) return 0;
		const halvings = Math.floor(Math.max(0, now - row.lastFailureAt) / DECAY_MS);
		return halvings >= 31 ? 0 : row.failures >> halvings;
	}

	#delay(failures: number): number {
		if (failures < this.free) return 0;
		return Math.min(1000 * 2 ** Math.min(failures - this.free, 20), MAX_DELAY_MS);
	}

	/** Milliseconds the caller must still wait before trying this key again (0 = go ahead). */
	retryAfter(key: string, now = Date.now()): number {
		const row = this.#row(key);
		if (!row) return 0;
		return Math.max(0, row.lastFailureAt + this.#delay(row.failures) - now);
	}

	recordFailure(key: string, now = Date.now()): void {
		const failures = this.#failures(this.#row(key), now) + 1;
		const row = { key, failures, lastFailureAt: now };
		this.db().insert(signInThrottle).values(row).onConflictDoUpdate({ target: signInThrottle.key, set: row }).run();
	}

	recordSuccess(key: string): void {
		this.db().delete(signInThrottle).where(eq(signInThrottle.key, key)).run();
	}
}

/** An account tried from one address: five free failures. Someone else's failures on the account elsewhere do not count. */
export const accountAtAddressThrottle = new Throttle(5);
/** One address, across accounts: enough for an office behind one address. */
export const addressThrottle = new Throttle(30);

const pairKey = (accountKey: string, addressKey: string) => `${accountKey}|${addressKey}`;

/** Seconds to wait before this account may be tried from this address, or 0. */
export function signInRetryAfterSeconds(accountKey: string, addressKey: string, now = Date.now()): number {
	const ms = Math.max(accountAtAddressThrottle.retryAfter(pairKey(accountKey, addressKey), now), addressThrottle.retryAfter(`address:${addressKey}`, now));
	return Math.ceil(ms / 1000);
}

export function recordSignInFailure(accountKey: string, addressKey: string, now = Date.now()): void {
	accountAtAddressThrottle.recordFailure(pairKey(accountKey, addressKey), now);
	addressThrottle.recordFailure(`address:${addressKey}`, now);
}

export function recordSignInSuccess(accountKey: string, addressKey: string): void {
	accountAtAddressThrottle.recordSuccess(pairKey(accountKey, addressKey));
}

/** Forget keys not failed for a day, a batch at a time (the ten-minute jobs). */
export function forgetOldSignInFailures(db: Connection, now = Date.now(), limit = 500): number {
	const old = db
		.select({ key: signInThrottle.key })
		.from(signInThrottle)
		.where(lt(signInThrottle.lastFailureAt, now - FORGET_AFTER_MS))
		.limit(limit);
	return db.delete(signInThrottle).where(inArray(signInThrottle.key, old)).run().changes;
}

/**
 * For a sign-in step: the 429 answer (with Retry-After) when this account or address must still
 * wait, else null. The same for passwords, TOTP codes and recovery codes.
 */
export function refuseIfThrottled(
	event: { setHeaders: (headers: Record<string, string>) => void },
	accountKey: string,
	addressKey: string
): ActionFailure<{ error: string; retryAfter: number }> | null {
	const wait = signInRetryAfterSeconds(accountKey, addressKey);
	if (wait <= 0) return null;
	event.setHeaders({ 'Retry-After': String(wait) });
	return fail(429, { error: 'admin.login.throttled', retryAfter: wait });
}
