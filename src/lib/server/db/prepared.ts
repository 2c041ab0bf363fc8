import type Database from 'better-sqlite3';
import type { Db } from './index';

/** The database, or a transaction on it: the same single connection either way. */
export type Connection = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

function clientOf(db: Connection): Database.Database {
	return '$client' in db ? db.$client : (db as unknown as { session: { client: Database.Database } }).session.client;
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A statement prepared once per connection and reused. For the paths a surge runs through (sign,
 * confirm, counters, the outbox): building and preparing the SQL anew each time costs more than running it.
 */
export function prepared(db: Connection, sql: string): Database.Statement {
	const client = clientOf(db);
	let statements = cache.get(client);
	if (!statements) cache.set(client, (statements = new Map()));
	let statement = statements.get(sql);
	if (!statement) statements.set(sql, (statement = client.prepare(sql)));
	return statement;
}
