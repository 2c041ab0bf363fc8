/**
 * Which way to write a query (every way below runs on the one connection, and SQLite compiles each
 * SQL text once per connection: see reuseStatements in db/index.ts):
 * 1. Drizzle's query builder: the default, typed from the schema.
 * 2. `preparedQuery`: a Drizzle query that a page runs on every request (the moderators' list),
 *    built once with placeholders.
 * 3. `updateRow` / `insertRow` (db/rows.ts): a write of one row on a path a surge runs through
 *    (sign, confirm, the transitions), typed from the schema.
 * 4. `prepared` with plain SQL: only where neither fits (FTS5 MATCH, upserts of counters, a read on
 *    a surge path); its rows are cast by hand, so keep such SQL next to the code that reads it.
 */
import type Database from 'better-sqlite3';
import type { Connection } from './index';

export type { Connection };

function clientOf(db: Connection): Database.Database {
	return '$client' in db ? db.$client : (db as unknown as { session: { client: Database.Database } }).session.client;
}

/**
 * A statement in plain SQL, compiled once per connection and reused (see reuseStatements), for
 * the paths a surge runs through (sign, confirm, counters, the outbox), where even building the
 * query with Drizzle costs more than running it.
 */
export function prepared(db: Connection, sql: string): Database.Statement {
	return clientOf(db).prepare(sql);
}

const queries = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * A Drizzle query built once per connection (its values as sql.placeholder()s) and run many times:
 * for queries every admin page runs, where building the SQL cost more than running it.
 */
export function preparedQuery<T>(db: Connection, name: string, build: () => T): T {
	const client = clientOf(db);
	let built = queries.get(client);
	if (!built) queries.set(client, (built = new Map()));
	let query = built.get(name) as T | undefined;
	if (query === undefined) built.set(name, (query = build()));
	return query;
}
