import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { pageGeneration } from '../db/schema';

/**
 * Say that a staff change moved what public pages show: every server process on this database
 * drops its shared copies of pages within a second (watchPageGeneration).
 */
export function bumpPageGeneration(db: Db): void {
	db.insert(pageGeneration)
		.values({ id: 1, generation: 1 })
		.onConflictDoUpdate({ target: pageGeneration.id, set: { generation: sql`${pageGeneration.generation} + 1` } })
		.run();
}

export function readPageGeneration(db: Db): number {
	return db.select({ generation: pageGeneration.generation }).from(pageGeneration).where(eq(pageGeneration.id, 1)).get()?.generation ?? 0;
}

/**
 * Look at the generation every `intervalMs` (one row by its key: microseconds) and call `changed`
 * when another process moved it. Returns what stops looking.
 */
export function watchPageGeneration(db: Db, changed: () => void, intervalMs = 500): () => void {
	let seen = readPageGeneration(db);
	const timer = setInterval(() => {
		try {
			const now = readPageGeneration(db);
			if (now !== seen) {
				seen = now;
				changed();
			}
		} catch {
			// a busy moment; the next look sees it
		}
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
