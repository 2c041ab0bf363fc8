import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { LRUCache } from 'lru-cache';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { getDatabasePath, getMigrationsDir } from '../config';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** A transaction on the database: what every write inside `db.transaction(...)` is handed and passes on. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The database, or a transaction on it: the same single connection either way. */
export type Connection = Db | Tx;

/** How long a statement waits for another connection's write to finish before it fails with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Run background work that can simply be tried again at its next turn (renewing a lease, signing
 * ledger heads) with a short wait for the write lock (a quarter of a second, longer than a commit
 * takes even in a surge): the connection's wait is synchronous, and five
 * seconds of it would hold up every request of the process when another holds the lock that long.
 */
export function withShortWait<T>(db: Db, work: () => T, waitMs = 250): T {
	db.$client.pragma(`busy_timeout = ${waitMs}`);
	try {
		return work();
	} finally {
		db.$client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	}
}

/**
 * Open a SQLite file with the pragmas every connection needs, and bring its schema up to date.
 * A confirmed signature is a promise, hence synchronous=FULL.
 */
export function openDatabase(path: string, migrationsDir = getMigrationsDir()): Db {
	if (path !== ':memory:') createPrivately(path);
	const client = new Database(path);
	client.pragma('journal_mode = WAL');
	client.pragma('synchronous = FULL');
	client.pragma('foreign_keys = ON');
	client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	reuseStatements(client);
	const db = drizzle(client, { schema });
	migrate(db, { migrationsFolder: migrationsDir });
	return db;
}

/**
 * The database holds signers' names and addresses: its folder is the owner's alone (0700 when made
 * here) and the file is created 0600 before SQLite opens it; SQLite gives its -wal and -shm files
 * the database file's mode. Files of an older install are tightened too.
 */
function createPrivately(path: string): void {
	const file = resolve(path);
	mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
	if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
	for (const suffix of ['', '-wal', '-shm']) {
		try {
			chmodSync(`${file}${suffix}`, 0o600);
		} catch {
			// not there yet, or not ours to change
		}
	}
}

/**
 * Drizzle hands SQLite every query's text anew, and compiling it cost more than running it (a
 * third of an admin search). The texts repeat (values are bound as parameters), so each
 * connection keeps its compiled statements and resets the output modes a previous user set.
 */
function reuseStatements(client: Database.Database, max = 500): void {
	const compile = client.prepare.bind(client);
	const statements = new LRUCache<string, Database.Statement>({ max });
	client.prepare = ((source: string) => {
		const statement = statements.get(source);
		// One still stepping through its rows (iterate) cannot be shared.
		if (!statement || statement.busy) {
			const fresh = compile(source);
			if (!statement) statements.set(source, fresh);
			return fresh;
		}
		if (statement.reader) statement.raw(false).pluck(false).expand(false);
		return statement;
	}) as typeof client.prepare;
}

let current: Db | null = null;

/** The application's database, opened on first use (so that `npm run build` never creates one). */
export function getDb(): Db {
	current ??= openDatabase(getDatabasePath());
	return current;
}

export function closeDb(): void {
	current?.$client.close();
	current = null;
}

/**
 * A second, read-only connection to the database file, for long reads that walk a million rows
 * (the dossier) while this process's own connection goes on writing: all its reads, until it is
 * closed, see the one snapshot of the first, and nothing it does can write.
 */
export function openReader(path: string): Db {
	const client = new Database(path, { readonly: true, fileMustExist: true });
	client.pragma('busy_timeout = 5000');
	// One snapshot for everything it reads until it is closed (a deferred transaction takes it at the first read).
	client.prepare('BEGIN').run();
	return drizzle(client, { schema }) as Db;
}
