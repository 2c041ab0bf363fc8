/** Online backups of the SQLite file: taken while the server writes, checked, and rotated daily. */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inBackground } from './processes/priority';

export type BackupReport = { file: string; bytes: number; integrity: string; counts: Record<string, number>; milliseconds: number };

/** Row counts of every table of the app (not SQLite's own, not the migrations journal). */
export function countRowsByTable(client: Database.Database): Record<string, number> {
	const tables = client
		.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
		.pluck()
		.all() as string[];
	return Object.fromEntries(tables.map((t) => [t, client.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

/**
 * Copy the database into `file` while others keep writing. All pages go in one step, so the copy is
 * one consistent snapshot (a step-by-step copy starts over whenever another connection writes).
 * The copy is written aside, checked with integrity_check, and only then renamed into place.
 */
export async function backupDatabase(source: Database.Database, file: string): Promise<BackupReport> {
	const started = performance.now();
	const target = resolve(file);
	mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
	const partial = `${target}.partial`;
	rmSync(partial, { force: true });
	await source.backup(partial, { progress: () => 0x7fffffff });
	// A backup is the database: its owner's alone, whatever the umask.
	chmodSync(partial, 0o600);
	const copy = new Database(partial, { readonly: true });
	let integrity: string;
	let counts: Record<string, number>;
	try {
		integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
		counts = countRowsByTable(copy);
	} finally {
		copy.close();
		// Opening the copy (a WAL database) left these beside it; the checked file stands alone.
		for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
	}
	if (integrity !== 'ok') {
		rmSync(partial, { force: true });
		throw new Error(`the backup failed its integrity check: ${integrity}`);
	}
	renameSync(partial, target);
	return { file: target, bytes: statSync(target).size, integrity, counts, milliseconds: Math.round(performance.now() - started) };
}

const DAILY = /^undersigned-(\d{4}-\d{2}-\d{2})\.db$/;

function dayOf(now: Date): string {
	return now.toISOString().slice(0, 10);
}

/** The daily backups in a folder, oldest first. */
export function listDailyBackups(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => DAILY.test(f))
		.sort();
}

/** What the daily backup reports: where the checked copy is, its size, how long it took. */
export type DailyBackupReport = Pick<BackupReport, 'file' | 'bytes' | 'integrity' | 'milliseconds'>;

/** Makes a checked copy of the database at the file it is given. */
export type CopyDatabase = (file: string) => Promise<DailyBackupReport>;

/** In this process: fine for small files and for tests; a large file holds up every request meanwhile. */
export const copyInProcess =
	(source: Database.Database): CopyDatabase =>
	(file) =>
		backupDatabase(source, file);

/**
 * In a child process running the backup program (`npm run backup`, build/cli/backup.js) on its own
 * connection: copying and checking 800 MB takes ~13 s, during which the server keeps answering.
 */
export const copyInChildProcess =
	(program: string, databasePath: string): CopyDatabase =>
	(file) =>
		new Promise((resolvePromise, reject) => {
			const started = performance.now();
			inBackground(
				execFile(process.execPath, [program, file], { env: { ...process.env, DATABASE_URL: databasePath } }, (error, _stdout, stderr) => {
					if (error) return reject(new Error(stderr.trim() || error.message));
					const target = resolve(file);
					resolvePromise({ file: target, bytes: statSync(target).size, integrity: 'ok', milliseconds: Math.round(performance.now() - started) });
				})
			);
		});

/**
 * Today's backup, unless there is one already; then only the newest `keep` are kept. Returns the
 * report, or null when today's existed.
 */
export async function runDailyBackup(copy: CopyDatabase, dir: string, keep: number, now = new Date()): Promise<DailyBackupReport | null> {
	const file = join(dir, `undersigned-${dayOf(now)}.db`);
	if (existsSync(file)) return null;
	const report = await copy(file);
	const all = listDailyBackups(dir);
	for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(join(dir, old), { force: true });
	return report;
}
