import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { openDatabase, type Db } from '$lib/server/db';

const opened: { db: Db; dir: string }[] = [];

/** A fresh, migrated SQLite file in its own folder, removed after the test. */
export function openTestDb(): Db {
	const dir = mkdtempSync(join(tmpdir(), 'undersigned-test-'));
	const db = openDatabase(join(dir, 'test.db'));
	opened.push({ db, dir });
	return db;
}

/** A scratch folder removed after the test. */
export function makeTempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'undersigned-test-'));
	opened.push({ db: null as unknown as Db, dir });
	return dir;
}

afterEach(() => {
	for (const { db, dir } of opened.splice(0)) {
		db?.$client.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

let shared: { db: Db; dir: string } | null = null;

/**
 * One fresh, migrated SQLite file for all the tests of a file, removed after them: for many small
 * cases that each work on rows of their own, where opening a file per case would take most of the time.
 */
export function openSharedTestDb(): Db {
	if (!shared) {
		const dir = mkdtempSync(join(tmpdir(), 'undersigned-test-'));
		shared = { db: openDatabase(join(dir, 'test.db')), dir };
	}
	return shared.db;
}

afterAll(() => {
	shared?.db.$client.close();
	if (shared) rmSync(shared.dir, { recursive: true, force: true });
	shared = null;
});
