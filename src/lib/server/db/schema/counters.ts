/** Counts and tallies kept in step with the rows, so that pages never count rows. */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { statement } from './statements';

/**
 * What the moderators' dashboard shows, kept by triggers (drizzle/0012_tallies.sql) in the same
 * transaction as every change to a signature or a queued email, whichever code makes it. Keys:
 * `state:<state>`, `flagged:<state>`, `confirmed:<YYYY-MM-DD>` (UTC), `outbox:<state>`.
 */
export const tally = sqliteTable('tally', {
	key: text('key').primaryKey(),
	n: integer('n').notNull().default(0)
});

/** Counts kept in step with state changes, so that pages never count rows. */
export const statementCounter = sqliteTable('statement_counter', {
	statementId: integer('statement_id')
		.primaryKey()
		.references(() => statement.id, { onDelete: 'cascade' }),
	signatures: integer('signatures').notNull().default(0),
	organizations: integer('organizations').notNull().default(0)
});

export const countryCounter = sqliteTable(
	'country_counter',
	{
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'cascade' }),
		country: text('country').notNull(),
		signatures: integer('signatures').notNull().default(0),
		organizations: integer('organizations').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.statementId, t.country] })]
);

/**
 * How each statement's public counts moved, per hour (`YYYY-MM-DDTHH:00Z`) and kind (`signature`,
 * `organization`): what the statistics page draws, read without counting rows. Kept by a trigger on
 * the ledger's leaves (drizzle/0023_count_hour.sql), so that it moves exactly as the public ledger does.
 */
export const countHour = sqliteTable(
	'count_hour',
	{
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		hour: text('hour').notNull(),
		delta: integer('delta').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.statementId, t.kind, t.hour] })]
);
