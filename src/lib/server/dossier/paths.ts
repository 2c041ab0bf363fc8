/** Where a dossier's files are kept, and taking them away (a deleted dossier, an anonymised statement). */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq, inArray, and } from 'drizzle-orm';
import { getDataDir } from '../config';
import type { Connection } from '../db';
import { dossier, statement } from '../db/schema';

/** The data folder's dossiers/, named by statement and number. */
export function dossierFiles(slug: string, id: number): { pdf: string; csv: string; json: string } {
	const base = join(resolve(getDataDir(), 'dossiers'), `${slug}-${id}`);
	return { pdf: `${base}.pdf`, csv: `${base}.csv`, json: `${base}.json` };
}

/** The public address of a dossier's data file. */
export function publicDataUrl(origin: string, slug: string, id: number, format: 'csv' | 'json'): string {
	return `${origin}/api/v1/statements/${slug}/ledger/dossiers/${id}.${format}`;
}

export function removeFiles(slug: string, id: number): void {
	for (const file of Object.values(dossierFiles(slug, id))) rmSync(file, { force: true });
}

/**
 * Every dossier of a statement loses its files (PDF and public data: they name people) and is
 * marked deleted; the rows stay, with their SHA-256, as the record of what was made. For an
 * anonymised statement, whose names are gone everywhere else too.
 */
export function deleteStatementDossiers(tx: Connection, statementId: number, now: Date): number {
	const rows = tx
		.select({ id: dossier.id, slug: statement.slug })
		.from(dossier)
		.innerJoin(statement, eq(statement.id, dossier.statementId))
		.where(and(eq(dossier.statementId, statementId), inArray(dossier.state, ['done', 'failed'])))
		.all();
	for (const row of rows) removeFiles(row.slug, row.id);
	if (rows.length > 0) tx.update(dossier).set({ state: 'deleted', finishedAt: now }).where(inArray(dossier.id, rows.map((r) => r.id))).run();
	return rows.length;
}
