import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** A time in milliseconds, set by SQLite when the row is written without one. */
export const timestamp = (name: string) =>
	integer(name, { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);
