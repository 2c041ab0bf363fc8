import { fail, type ActionFailure } from '@sveltejs/kit';

/**
 * Throttling of sign-in attempts (passwords, TOTP and recovery codes alike). For each key, a number
 * of failures a minute are free; after that every further attempt must wait twice as long as the
 * one before, starting at one second. A success clears the key. Kept in memory: one server process.
 */
export class Throttle {
	#entries = new Map<string, { failures: number[]; delay: number; nextAllowedAt: number }>();

	constructor(private freePerMinute: number) {}

	/** Milliseconds the caller must still wait before trying this key again (0 = go ahead). */
	retryAfter(key: string, now = Date.now()): number {
		const entry = this.#entries.get(key);
		return entry ? Math.max(0, entry.nextAllowedAt - now) : 0;
	}

	recordFailure(key: string, now = Date.now()): void {
		const entry = this.#entries.get(key) ?? { failures: [], delay: 0, nextAllowedAt: 0 };
		entry.failures = entry.failures.filter((t) => now - t < 60_000);
		entry.failures.push(now);
		if (entry.failures.length >= this.freePerMinute) {
			entry.delay = entry.delay ? entry.delay * 2 : 1000;
			entry.nextAllowedAt = now + entry.delay;
		}
		this.#entries.set(key, entry);
		if (this.#entries.size > 50_000) this.#forgetIdle(now);
	}

	recordSuccess(key: string): void {
		this.#entries.delete(key);
	}

	#forgetIdle(now: number): void {
		for (const [key, entry] of this.#entries) {
			if (entry.nextAllowedAt < now && entry.failures.every((t) => now - t >= 60_000)) this.#entries.delete(key);
		}
	}
}

/** Per account: five free failures a minute. */
export const accountThrottle = new Throttle(5);
/** Per client address, across accounts: enough for an office behind one address. */
export const addressThrottle = new Throttle(30);

/** Seconds to wait before this account may be tried from this address, or 0. */
export function signInRetryAfterSeconds(accountKey: string, addressKey: string, now = Date.now()): number {
	const ms = Math.max(accountThrottle.retryAfter(accountKey, now), addressThrottle.retryAfter(addressKey, now));
	return Math.ceil(ms / 1000);
}

export function recordSignInFailure(accountKey: string, addressKey: string, now = Date.now()): void {
	accountThrottle.recordFailure(accountKey, now);
	addressThrottle.recordFailure(addressKey, now);
}

export function recordSignInSuccess(accountKey: string): void {
	accountThrottle.recordSuccess(accountKey);
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
