/** What several server processes on one database agree on: who runs the jobs, and when public pages changed. */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A lease: the one process that may do a kind of work (the scheduled jobs, the mail, the backups)
 * holds it until `expiresAt` and renews it well before; when the holder dies, another takes it
 * once it has expired.
 */
export const lease = sqliteTable('lease', {
	name: text('name').primaryKey(),
	holder: text('holder').notNull(),
	expiresAt: integer('expires_at').notNull()
});

/**
 * One row: a number that a staff change to what the public pages show moves on. Every process
 * compares it with the one it last saw, and drops its shared copies of pages when it moved.
 */
export const pageGeneration = sqliteTable('page_generation', {
	id: integer('id').primaryKey(),
	generation: integer('generation').notNull()
});
