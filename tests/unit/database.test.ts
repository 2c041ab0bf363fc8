import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '$lib/server/db';
import { makeTempDir, openTestDb } from './helpers/db';

describe('the database', () => {
	it('applies every migration to an empty file', () => {
		const db = openTestDb();
		const tables = db.$client
			.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
			.pluck()
			.all();
		expect(tables).toEqual(expect.arrayContaining(['statement', 'statement_version', '__drizzle_migrations']));
		const applied = db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
		expect(applied).toBeGreaterThan(0);
	});

	it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
		const db = openTestDb();
		expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
	});

	it('reopens a migrated file without applying anything twice', () => {
		const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: unknown[] };
		const file = join(makeTempDir(), 'again.db');
		for (let i = 0; i < 2; i++) {
			const db = openDatabase(file);
			const applied = db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
			db.$client.close();
			expect(applied).toBe(journal.entries.length);
		}
	});

	it('refuses a version of a statement that does not exist', () => {
		const db = openTestDb();
		expect(() =>
			db.$client
				.prepare(
					`INSERT INTO statement_version (statement_id, locale, title, body, closing, issuer_name,
					 signatory_title, issued_place, content_hash, official) VALUES (999, 'en', 't', 'b', 'c', 'i', 's', 'p', 'h', 1)`
				)
				.run()
		).toThrow(/FOREIGN KEY/);
	});
	it('compiles each SQL text once and hands it back without the modes its last user set', () => {
		const db = openTestDb();
		const sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
		const first = db.$client.prepare(sql);
		expect(first.pluck().all()).toContain('statement');
		const again = db.$client.prepare(sql);
		expect(again).toBe(first);
		// Rows as objects again, as a caller that never asked for pluck() or raw() expects.
		expect(again.all()[0]).toEqual({ name: expect.any(String) });
		expect(db.$client.prepare(sql).raw().get()).toEqual([expect.any(String)]);
		expect(db.$client.prepare(sql).get()).toEqual({ name: expect.any(String) });
	});

	it('compiles a fresh statement while the cached one is still stepping through rows', () => {
		const db = openTestDb();
		const sql = 'SELECT name FROM sqlite_master';
		const walking = db.$client.prepare(sql);
		const rows = walking.iterate();
		rows.next();
		const other = db.$client.prepare(sql);
		expect(other).not.toBe(walking);
		expect(other.all().length).toBeGreaterThan(1);
		rows.return?.();
	});
});
