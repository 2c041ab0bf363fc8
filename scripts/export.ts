/**
 * Writes the CSV of confirmed signatures to standard output, for the server (src/lib/server/exports.ts
 * starts it and streams what it writes to the staff member's download), from one snapshot of the
 * database on a read-only connection of its own.
 */
import { once } from 'node:events';
import { getDatabasePath } from '$lib/server/config';
import { openReader } from '$lib/server/db';
import { confirmedSignaturesCsv } from '$lib/server/exports';

const [what] = process.argv.slice(2);
if (what !== 'signatures') {
	console.error('Usage: node build/cli/export.js signatures');
	process.exit(2);
}
const db = openReader(getDatabasePath());
for await (const chunk of confirmedSignaturesCsv(db)) {
	if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
db.$client.close();
