/** The association's settings, and people's requests for their data. */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { timestamp } from './columns';

/** Settings administrators edit in the panel (the association's details, the domain blocklist), one JSON value per key. */
export const setting = sqliteTable('setting', {
	key: text('key').primaryKey(),
	value: text('value', { mode: 'json' }).notNull(),
	updatedAt: timestamp('updated_at')
});

/** A signer's request to see or erase what is stored about them, proven by a link sent to their address. */
export const dataRequest = sqliteTable('data_request', {
	tokenHash: text('token_hash').primaryKey(),
	emailCanonical: text('email_canonical').notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	usedAt: integer('used_at', { mode: 'timestamp_ms' }),
	createdAt: timestamp('created_at')
});
