import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { and, asc, eq, gt } from 'drizzle-orm';
import { recordAudit } from './audit';
import type { Db } from './db';
import { endorsement, signature, statement } from './db/schema';
import { logoPath } from './logos';
import { prepared } from './db/prepared';
import type { StaffActor } from './staff';

const COLUMNS = [
	'id', 'statement', 'name', 'public_name', 'email', 'country', 'city', 'affiliation', 'display', 'language',
	'signed_at', 'confirmed_at', 'consent_version', 'text_version', 'updates_opt_in', 'hidden', 'flags'
];
const BATCH = 5000;

/** Confirmed signatures, a batch at a time (keyset on id), so that memory stays flat and the server keeps answering. */
async function* confirmedRows(db: Db): AsyncGenerator<unknown[][]> {
	// Raw rows from one prepared statement: a million objects through the query builder cost minutes.
	// Walks the table in rowid order (the unary + keeps SQLite from sorting through the state index).
	const batch = prepared(
		db,
		`SELECT s.id, s.statement_id, s.name, coalesce(s.public_name, ''), s.email, s.country, coalesce(s.city, ''), coalesce(s.affiliation, ''),
			s.display, s.locale, s.created_at, s.confirmed_at, s.consent_version, s.version_hash, s.updates_opt_in, s.hidden, s.flags
		FROM signature s WHERE s.id > ? AND +s.state = 'confirmed' ORDER BY s.id LIMIT ${BATCH}`
	).raw(true);
	const slugs = new Map(db.select({ id: statement.id, slug: statement.slug }).from(statement).all().map((r) => [r.id, r.slug]));
	const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : '');
	let after = 0;
	for (;;) {
		const rows = batch.all(after) as unknown[][];
		// Each row array becomes its CSV line in place: a million copies are garbage the collector
		// would have to sweep while the export runs.
		for (const r of rows) {
			r[1] = slugs.get(r[1] as number);
			r[10] = iso(r[10]);
			r[11] = iso(r[11]);
			r[14] = r[14] ? 'yes' : 'no';
			r[15] = r[15] ? 'yes' : 'no';
			r[16] = r[16] === '[]' ? '' : (JSON.parse(r[16] as string) as string[]).join(' ');
		}
		yield rows;
		if (rows.length < BATCH) return;
		after = rows[rows.length - 1][0] as number;
		// Let other requests in between batches.
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/**
 * The CSV of confirmed signatures: UTF-8 with a byte-order mark (spreadsheets then read ə and ü
 * right), and cells that a spreadsheet would run as formulas escaped. The export is audited.
 */
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
			controller.enqueue(encoder.encode(stringifySync(next.value, { header: first, columns: COLUMNS, bom: first, escape_formulas: true })));
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
	const csv = Readable.from(rows).pipe(stringify({ header: true, columns: ENDORSEMENT_COLUMNS, bom: true, escape_formulas: true }));
	return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
