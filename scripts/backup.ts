/**
 * An online backup of the database while the server runs: `npm run backup -- <file>`.
 * The copy is checked with PRAGMA integrity_check; its row counts are printed beside the live ones.
 * Restore: stop the server, put the file in place of DATABASE_URL (and delete its -wal and -shm
 * files), start the server. See README, "Backups".
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { backupDatabase } from '$lib/server/backup';
import { getDatabasePath } from '$lib/server/config';

const [file] = process.argv.slice(2);
if (!file) {
	console.error('Usage: npm run backup -- <file>   (for example: npm run backup -- backups/undersigned-today.db)');
	process.exit(1);
}
const source = getDatabasePath();
if (!existsSync(source)) {
	console.error(`No database at ${source} (DATABASE_URL).`);
	process.exit(1);
}
const db = new Database(source, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
	const report = await backupDatabase(db, file);
	console.log(`Backed up ${source} to ${report.file}: ${report.bytes} bytes in ${report.milliseconds} ms, integrity_check: ${report.integrity}.`);
	for (const [table, rows] of Object.entries(report.counts)) console.log(`${table}\t${rows}`);
} catch (error) {
	console.error(`Backup failed: ${(error as Error).message}`);
	process.exitCode = 1;
} finally {
	db.close();
}
