/** What the abuse checks remember: spent challenges, counts in time windows, failed sign-ins. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** ALTCHA challenges already used, kept until they expire so that a payload cannot be replayed. */
export const altchaUsed = sqliteTable(
	'altcha_used',
	{
		id: text('id').primaryKey(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('altcha_used_expires_idx').on(t.expiresAt)]
);

/**
 * Counts in fixed time windows, for the limits that must hold across restarts and processes (mail
 * to one address, the hourly ceiling of mail that anyone can trigger, …). Keys carry no address in
 * the clear, only HMACs. A row whose window has ended is spent; the jobs delete such rows.
 */
export const rateLimit = sqliteTable(
	'rate_limit',
	{
		key: text('key').primaryKey(),
		points: integer('points').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('rate_limit_expires_idx').on(t.expiresAt)]
);

/** Failed sign-in steps per key (an account at an address, or an address), for the waits they earn. */
export const signInThrottle = sqliteTable(
	'sign_in_throttle',
	{
		key: text('key').primaryKey(),
		failures: integer('failures').notNull(),
		lastFailureAt: integer('last_failure_at').notNull()
	},
	(t) => [index('sign_in_throttle_last_idx').on(t.lastFailureAt)]
);
