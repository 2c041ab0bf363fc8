import { csvHeader, csvLines } from './csv';
import { asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { recordAudit } from './audit';
import type { Db } from './db';
import { endorsement, signature, statement } from './db/schema';
import { logoPath } from './endorsements/logos';
import { preparedQuery } from './db/prepared';
import type { StaffActor } from './staff/accounts';

const COLUMNS = [
	'id', 'statement', 'name', 'public_name', 'email', 'country', 'city', 'affiliation', 'display', 'language',
	'signed_at', 'confirmed_at', 'consent_version', 'text_version', 'updates_opt_in', 'hidden', 'flags'
];
const BATCH = 5000;

/** SQLite's own ISO 8601 of a time in milliseconds, the same text as Date#toISOString. */
const iso = (column: SQLiteColumn): SQL<string> => sql`coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch'), '')`;
const yesNo = (column: SQLiteColumn): SQL<string> => sql`CASE WHEN ${column} THEN 'yes' ELSE 'no' END`;
const orEmpty = (column: SQLiteColumn): SQL<string> => sql`coalesce(${column}, '')`;

/** Confirmed signatures, a batch at a time (keyset on id), so that memory stays flat and the server keeps answering. */
async function* confirmedRows(db: Db): AsyncGenerator<unknown[][]> {
	// Raw rows (`values`) of one prepared query, each already the cells of its CSV line: a million
	// objects through the query builder cost minutes, and a million rows turned into their cells in
	// JavaScript (dates, flags) were garbage the collector swept while the export ran.
	// Walks the table in rowid order (the unary + keeps SQLite from sorting through the state index).
	const batch = preparedQuery(db, 'export signatures', () =>
		db
			.select({
				id: signature.id,
				statement: sql<string>`(SELECT ${statement.slug} FROM ${statement} WHERE ${statement.id} = ${signature.statementId})`,
				name: signature.name,
				publicName: orEmpty(signature.publicName),
				email: signature.email,
				country: signature.country,
				city: orEmpty(signature.city),
				affiliation: orEmpty(signature.affiliation),
				display: signature.display,
				locale: signature.locale,
				signedAt: iso(signature.createdAt),
				confirmedAt: iso(signature.confirmedAt),
				consentVersion: signature.consentVersion,
				versionHash: signature.versionHash,
				updatesOptIn: yesNo(signature.updatesOptIn),
				hidden: yesNo(signature.hidden),
				flags: sql<string>`CASE ${signature.flags} WHEN '[]' THEN '' ELSE (SELECT group_concat(value, ' ') FROM json_each(${signature.flags})) END`
			})
			.from(signature)
			.where(sql`${gt(signature.id, sql.placeholder('after'))} AND +${signature.state} = 'confirmed'`)
			.orderBy(signature.id)
			.limit(BATCH)
			.prepare()
	);
	let after = 0;
	for (;;) {
		const rows = batch.values({ after }) as unknown[][];
		yield rows;
		if (rows.length < BATCH) return;
		after = rows[rows.length - 1][0] as number;
		// Let other requests in between batches.
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/**
 * CSV lines for spreadsheets: cells a spreadsheet would run as formulas (=, +, -, @, tab, CR at the
 * start) are escaped with a leading quote; the first chunk begins with a byte-order mark (then
 * spreadsheets read ə and ü right) and the header.
 */
function csvChunk(rows: unknown[][], columns: string[] | null): string {
	return (columns ? csvHeader(columns) : '') + csvLines(rows);
}

/** The CSV of confirmed signatures, in UTF-8, streamed a batch at a time. The export is audited. */
export function exportConfirmedSignatures(db: Db, actor: StaffActor, ipHmac: string | null): ReadableStream<Uint8Array> {
	recordAudit(db, { actor, action: 'export.signatures', subjectType: 'export', after: { format: 'csv', states: ['confirmed'] }, ipHmac });
	const rows = confirmedRows(db);
	const encoder = new TextEncoder();
	let first = true;
	// A batch of rows becomes one chunk of text: a million rows as a million stream chunks is slow.
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await rows.next();
			if (next.done) return controller.close();
			controller.enqueue(encoder.encode(csvChunk(next.value, first ? COLUMNS : null)));
			first = false;
		},
		async cancel() {
			await rows.return(undefined);
		}
	});
}

const ENDORSEMENT_COLUMNS = [
	'id', 'statement', 'organization', 'type', 'country', 'city', 'website', 'statement_of_support', 'logo',
	'contact_name', 'contact_role', 'contact_email', 'language', 'submitted_at', 'approved_at', 'consent_version'
];

/** Approved organizations with their contact persons: the same safeguards as the signatures' export. */
export function exportApprovedEndorsements(db: Db, actor: StaffActor, ipHmac: string | null, origin: string): ReadableStream<Uint8Array> {
	recordAudit(db, { actor, action: 'export.endorsements', subjectType: 'export', after: { format: 'csv', states: ['approved'] }, ipHmac });
	const rows = db
		.select({ e: endorsement, slug: statement.slug })
		.from(endorsement)
		.innerJoin(statement, eq(endorsement.statementId, statement.id))
		.where(eq(endorsement.state, 'approved'))
		.orderBy(asc(endorsement.id))
		.all()
		.map(({ e, slug }) => [
			e.id, slug, e.name, e.type, e.country, e.city ?? '', e.website ?? '', e.support ?? '', e.logoHash ? `${origin}${logoPath(e.logoHash)}` : '',
			e.contactName, e.contactRole, e.contactEmail, e.locale, e.createdAt.toISOString(), e.approvedAt?.toISOString() ?? '', e.consentVersion
		]);
	return new Response(csvChunk(rows, ENDORSEMENT_COLUMNS)).body!;
}
