import { spawn } from 'node:child_process';
import { csvHeader, csvLines } from './csv';
import { getDatabasePath } from './config';
import { inBackground } from './processes/priority';
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

/** The CSV of confirmed signatures in UTF-8, a chunk of text per batch of rows (the first with the header). */
export async function* confirmedSignaturesCsv(db: Db): AsyncGenerator<string> {
	let first = true;
	for await (const rows of confirmedRows(db)) {
		yield csvChunk(rows, first ? COLUMNS : null);
		first = false;
	}
}

/**
 * The CSV of confirmed signatures, streamed a batch at a time. The export is audited. Written by a
 * child process (EXPORT_PROGRAM, build/cli/export.js, which server.js names) on a read-only
 * connection of its own, so that turning a million rows into text holds up no request and no memory
 * here; without one (vite dev, tests), here.
 */
export function exportConfirmedSignatures(db: Db, actor: StaffActor, ipHmac: string | null): ReadableStream<Uint8Array> {
	recordAudit(db, { actor, action: 'export.signatures', subjectType: 'export', after: { format: 'csv', states: ['confirmed'] }, ipHmac });
	const program = process.env.EXPORT_PROGRAM;
	if (program) return outputOf(program, ['signatures']);
	const chunks = confirmedSignaturesCsv(db);
	const encoder = new TextEncoder();
	// A batch of rows becomes one chunk of text: a million rows as a million stream chunks is slow.
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) return controller.close();
			controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
}

/**
 * What a child process running `program` writes to its standard output, as a stream: it writes as
 * fast as it is read (the pipe holds it back), fails the stream if it fails, and is ended when the
 * reader goes away.
 */
function outputOf(program: string, args: string[]): ReadableStream<Uint8Array> {
	const child = inBackground(spawn(process.execPath, ['--max-old-space-size=128', '--max-semi-space-size=8', program, ...args], {
		env: { ...process.env, DATABASE_URL: getDatabasePath() },
		stdio: ['ignore', 'pipe', 'pipe']
	}));
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
	const output = child.stdout;
	let finished = false;
	return new ReadableStream<Uint8Array>(
		{
			start(controller) {
				const fail = (why: string) => {
					if (finished) return;
					finished = true;
					const failure = new Error(`the export stopped (${why}): ${stderr.trim()}`);
					console.error(`[export] ${failure.message}`);
					controller.error(failure);
				};
				output.on('data', (chunk: Buffer) => {
					// What was still in the pipe when the reader went away is dropped.
					if (finished) return;
					controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
					// Held back until the reader asks for more.
					if ((controller.desiredSize ?? 0) <= 0) output.pause();
				});
				// It could not be started at all.
				child.on('error', (error) => fail(error.message));
				child.on('close', (code, signal) => {
					if (code !== 0) return fail(signal ?? `exit ${code}`);
					if (finished) return;
					finished = true;
					controller.close();
				});
			},
			pull() {
				output.resume();
			},
			cancel() {
				finished = true;
				output.removeAllListeners('data');
				output.destroy();
				child.kill('SIGKILL');
			}
		},
		{ highWaterMark: 4 }
	);
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
