/**
 * Makes one queued dossier: `node build/cli/dossier.js <id>`. The server runs this in a child
 * process (DOSSIER_PROGRAM), so that typesetting a million names never holds up a request; it
 * records its progress and outcome (and its own peak memory) on the dossier's row.
 */
import { getDatabasePath } from '$lib/server/config';
import { openDatabase, openReader } from '$lib/server/db';
import { makeDossier } from '$lib/server/dossier/produce';

const id = Number(process.argv[2]);
if (!Number.isInteger(id) || id < 1) {
	console.error('Usage: node build/cli/dossier.js <dossier id>');
	process.exit(1);
}
const db = openDatabase(getDatabasePath());
const reader = openReader(getDatabasePath());
try {
	await makeDossier(db, reader, id, { reportMemory: true });
} catch (error) {
	console.error(`Dossier ${id} failed: ${(error as Error).message}`);
	process.exitCode = 1;
} finally {
	reader.$client.close();
	db.$client.close();
}
