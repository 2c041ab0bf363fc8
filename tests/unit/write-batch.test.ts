import { describe, expect, it } from 'vitest';
import { writeSoon } from '$lib/server/db/write-batch';
import { openTestDb } from './helpers/db';

describe('writes that arrive together', () => {
	it('commit together, each in its own savepoint, and settle only after the commit', async () => {
		const db = openTestDb();
		const client = db.$client;
		client.exec('CREATE TABLE t (v TEXT UNIQUE)');
		const insert = (v: string) => () => client.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;

		const settled: string[] = [];
		const writes = [
			writeSoon(db, insert('a')).then(() => settled.push('a')),
			writeSoon(db, insert('b')).then(() => settled.push('b')),
			// A duplicate fails alone; the others are kept.
			writeSoon(db, insert('a')).catch((error: Error) => settled.push(`failed: ${error.message}`)),
			writeSoon(db, insert('c')).then(() => settled.push('c'))
		];
		// Nothing is written, and nothing settles, within the turn that asked.
		expect(client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
		expect(settled).toEqual([]);
		await Promise.all(writes);
		expect(settled).toEqual(['a', 'b', 'failed: UNIQUE constraint failed: t.v', 'c']);
		expect(client.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'b', 'c']);
	});

	it('reject together when the commit itself fails, and nothing is kept', async () => {
		const db = openTestDb();
		db.$client.exec('CREATE TABLE t (v TEXT)');
		const other = new (db.$client.constructor as typeof import('better-sqlite3'))(db.$client.name);
		other.pragma('busy_timeout = 0');
		db.$client.pragma('busy_timeout = 0');
		other.exec('BEGIN IMMEDIATE');
		try {
			const results = await Promise.allSettled([writeSoon(db, () => db.$client.prepare("INSERT INTO t VALUES ('x')").run())]);
			expect(results[0].status).toBe('rejected');
			expect((results[0] as PromiseRejectedResult).reason.code).toMatch(/^SQLITE_BUSY/);
		} finally {
			other.exec('ROLLBACK');
			other.close();
		}
		expect(db.$client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
	});

	it('when SQLite ends the whole transaction, reject every write of the batch and run none outside it', async () => {
		const db = openTestDb();
		const client = db.$client;
		client.exec('CREATE TABLE t (v TEXT)');
		const insert = (v: string) => () => client.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
		// What SQLite does on a full disk or an I/O error: the transaction is gone, not only the statement.
		const abort = () => {
			client.exec('ROLLBACK');
			throw new Error('disk full');
		};
		const results = await Promise.allSettled([writeSoon(db, insert('a')), writeSoon(db, abort), writeSoon(db, insert('c'))]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
		expect(client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
		expect(client.inTransaction).toBe(false);
	});
});
