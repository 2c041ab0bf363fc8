/**
 * Which way to write a query. There are two, both Drizzle's and typed from the schema (columns,
 * value conversions, result rows); SQL that Drizzle has no builder for (FTS5's MATCH, json_each,
 * CASE, upserts' `excluded`) goes into them as `sql` fragments, never as a statement of its own:
 * 1. The query builder, run where it is written: the default.
 * 2. `preparedQuery`: the same query built once per connection with `sql.placeholder()`s and run
 *    many times, for a query on a path that every request or a surge runs through (sign, confirm,
 *    counters, the outbox, the public lists, the moderators' list), where building the query
 *    costs more than running it. `updateRow` / `insertRow` (db/rows.ts) are this way for one row.
 * Either way runs on the one connection, which keeps the statements SQLite compiled (db/index.ts).
 */
import type Database from 'better-sqlite3';
import { fillPlaceholders } from 'drizzle-orm';
import type { Connection } from './index';

export type { Connection };

function clientOf(db: Connection): Database.Database {
	return '$client' in db ? db.$client : (db as unknown as { session: { client: Database.Database } }).session.client;
}

const queries = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * A Drizzle query built once per connection (its values as sql.placeholder()s) and run many times.
 * `name` identifies the query's shape: two shapes need two names.
 */
export function preparedQuery<T>(db: Connection, name: string, build: () => T): T {
	const client = clientOf(db);
	let built = queries.get(client);
	if (!built) queries.set(client, (built = new Map()));
	let query = built.get(name) as T | undefined;
	if (query === undefined) built.set(name, (query = build()));
	return query;
}

type Iterable = { stmt: Database.Statement; query: { params: unknown[] } };

/**
 * The raw rows (arrays, in the order of the select's fields) of a Drizzle query built with
 * `.prepare()`, one at a time: for a walk too long to hold in memory at once (the dossier's
 * million signatories in country and name order, sorted once by SQLite). The connection can run
 * nothing else until the walk ends (better-sqlite3), so it is a reader of its own (openReader).
 */
export function* iterateRows(query: unknown, values: Record<string, unknown> = {}): Generator<unknown[]> {
	const { stmt, query: built } = query as Iterable;
	yield* stmt.raw(true).iterate(...fillPlaceholders(built.params, values)) as IterableIterator<unknown[]>;
}
