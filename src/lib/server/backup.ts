/** Online backups of the SQLite file: taken while the server writes, checked, and rotated daily. */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
	mkdirSync(dirname(target), { recursive: true });
	const partial = `${target}.partial`;
	rmSync(partial, { force: true });
	await source.backup(partial, { progress: () => 0x7fffffff });
	const copy = new Database(partial, { readonly: true });
	let integrity: string;
	let counts: Record<string, number>;
	try {
		integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
		counts = countRowsByTable(copy);
	} finally {
		copy.close();
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

/**
 * Today's backup, unless there is one already; then only the newest `keep` are kept. Returns the
 * report, or null when today's existed.
 */
export async function runDailyBackup(source: Database.Database, dir: string, keep: number, now = new Date()): Promise<BackupReport | null> {
	const file = join(dir, `undersigned-${dayOf(now)}.db`);
	if (existsSync(file)) return null;
	const report = await backupDatabase(source, file);
	const all = listDailyBackups(dir);
	for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(join(dir, old), { force: true });
	return report;
}
