import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, copyInChildProcess, copyInProcess, countRowsByTable, listDailyBackups, runDailyBackup } from '$lib/server/backup';
import { openDatabase } from '$lib/server/db';
import { makeTempDir, openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, sign } from './helpers/signing';

describe('a backup', () => {
	it('is a checked copy that, restored, holds the same rows and still works', async () => {
		const db = openTestDb();
		for (let i = 0; i < 30; i++) {
			sign(db, { email: `person${i}@example.org` });
			if (i % 2) confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		}
		const file = join(makeTempDir(), 'copy.db');
		const report = await backupDatabase(db.$client, file);
		expect(report.integrity).toBe('ok');
		expect(report.counts.signature).toBe(30);
		expect(report.counts).toEqual(countRowsByTable(db.$client));
		expect(existsSync(`${file}.partial`)).toBe(false);

		// Restoring is opening the copy as the database: migrations find nothing to do, data is there.
		const restored = openDatabase(file);
		try {
			expect(countRowsByTable(restored.$client)).toEqual(report.counts);
			expect(restored.$client.prepare("SELECT count(*) FROM signature WHERE state = 'confirmed'").pluck().get()).toBe(15);
			expect(restored.$client.prepare('SELECT signatures FROM statement_counter').pluck().get()).toBe(15);
		} finally {
			restored.$client.close();
		}
	});

	it('is one consistent snapshot even when another connection writes meanwhile', async () => {
		const db = openTestDb();
		sign(db);
		const writer = new Database(db.$client.name);
		writer.pragma('busy_timeout = 5000');
		let writes = 0;
		const timer = setInterval(() => {
			writer.prepare("INSERT INTO setting (key, value) VALUES (?, '1')").run(`k${writes++}`);
		}, 1);
		try {
			const report = await backupDatabase(db.$client, join(makeTempDir(), 'busy.db'));
			expect(report.integrity).toBe('ok');
		} finally {
			clearInterval(timer);
			writer.close();
		}
	});

	it('runs daily into a folder and keeps only the newest ones', async () => {
		const db = openTestDb();
		const dir = makeTempDir();
		writeFileSync(join(dir, 'notes.txt'), 'not a backup');
		for (const day of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) {
			expect(await runDailyBackup(copyInProcess(db.$client), dir, 3, new Date(`${day}T03:00:00Z`))).not.toBeNull();
		}
		expect(await runDailyBackup(copyInProcess(db.$client), dir, 3, new Date('2026-11-23T13:00:00Z'))).toBeNull();
		expect(listDailyBackups(dir)).toEqual(['undersigned-2026-11-21.db', 'undersigned-2026-11-22.db', 'undersigned-2026-11-23.db']);
		// Nothing else is left behind: no half-written copies, no -wal or -shm files of the checks.
		expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'undersigned-2026-11-21.db', 'undersigned-2026-11-22.db', 'undersigned-2026-11-23.db']);
		expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
	});
	it('can run the backup program in a child process, and reports its failure', async () => {
		const db = openTestDb();
		db.$client.prepare("INSERT INTO tally (key, n) VALUES ('child', 7)").run();
		const program = resolve('tests/unit/fixtures/backup-program.js');
		const dir = makeTempDir();
		const report = await runDailyBackup(copyInChildProcess(program, db.$client.name), dir, 3, new Date('2026-11-27T03:00:00Z'));
		expect(report).toMatchObject({ file: join(dir, 'undersigned-2026-11-27.db'), integrity: 'ok' });
		const copy = new Database(report!.file, { readonly: true });
		expect(copy.prepare("SELECT n FROM tally WHERE key = 'child'").pluck().get()).toBe(7);
		copy.close();
		await expect(copyInChildProcess(program, db.$client.name)(join(dir, 'fail.db'))).rejects.toThrow(/integrity check: page 7/);
	});
});
