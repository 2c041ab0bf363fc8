import type Database from 'better-sqlite3';
import type { Db, Tx } from './index';

type Pending = { work: (tx: Tx) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

const queues = new WeakMap<Database.Database, { db: Db; pending: Pending[] }>();
const MAX_BATCH = 500;

/**
 * Run a write together with the others that arrive in the same turn of the event loop: one
 * BEGIN IMMEDIATE … COMMIT (one fsync) for all of them, each inside its own savepoint (the `tx` it
 * is handed), so that one failing undoes only itself. The promise settles after the commit: nobody
 * is told "done" before the disk has it. Under a surge this turns hundreds of commits a second into
 * a few dozen. Commands on a surge's path (signing, confirming) run through it; see their commands.ts.
 */
export function writeSoon<T>(db: Db, work: (tx: Tx) => T): Promise<T> {
	const client = db.$client;
	let queue = queues.get(client);
	if (!queue) {
		queues.set(client, (queue = { db, pending: [] }));
		setImmediate(() => flush(client));
	}
	const pending = queue.pending;
	return new Promise<T>((resolve, reject) => pending.push({ work, resolve: resolve as (value: unknown) => void, reject }));
}

function flush(client: Database.Database): void {
	const queue = queues.get(client);
	queues.delete(client);
	if (!queue) return;
	const { db, pending: all } = queue;
	for (let start = 0; start < all.length; start += MAX_BATCH) {
		const batch = all.slice(start, start + MAX_BATCH);
		const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
		try {
			client
				.transaction(() => {
					for (const item of batch) {
						try {
							// Inside the batch's transaction, Drizzle's transaction is a savepoint.
							outcomes.push({ ok: true, value: db.transaction(item.work) });
						} catch (error) {
							// SQLite ended the whole transaction (disk full, I/O error, out of memory): none of
							// the batch is kept, and no later write may run outside it, one commit each.
							if (!client.inTransaction) throw error;
							outcomes.push({ ok: false, error });
						}
					}
				})
				.immediate();
		} catch (error) {
			for (const item of batch) item.reject(error);
			continue;
		}
		batch.forEach((item, i) => {
			const outcome = outcomes[i];
			if (outcome.ok) item.resolve(outcome.value);
			else item.reject(outcome.error);
		});
	}
}
