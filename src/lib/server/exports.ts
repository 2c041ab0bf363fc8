import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { and, asc, eq, gt } from 'drizzle-orm';
import { recordAudit } from './audit';
import type { Db } from './db';
import { endorsement, signature, statement } from './db/schema';
import { logoPath } from './logos';
import type { StaffActor } from './staff';

const COLUMNS = [
	'id', 'statement', 'name', 'public_name', 'email', 'country', 'city', 'affiliation', 'display', 'language',
	'signed_at', 'confirmed_at', 'consent_version', 'text_version', 'updates_opt_in', 'hidden', 'flags'
];
const BATCH = 2000;

/** Confirmed signatures, a batch at a time (keyset on id), so that memory stays flat and the server keeps answering. */
async function* confirmedRows(db: Db): AsyncGenerator<unknown[]> {
	let after = 0;
	for (;;) {
		const rows = db
			.select({ s: signature, slug: statement.slug })
			.from(signature)
			.innerJoin(statement, eq(signature.statementId, statement.id))
			.where(and(eq(signature.state, 'confirmed'), gt(signature.id, after)))
			.orderBy(asc(signature.id))
			.limit(BATCH)
			.all();
		for (const { s, slug } of rows) {
			yield [
				s.id, slug, s.name, s.publicName ?? '', s.email, s.country, s.city ?? '', s.affiliation ?? '', s.display, s.locale,
				s.createdAt.toISOString(), s.confirmedAt?.toISOString() ?? '', s.consentVersion, s.versionHash,
				s.updatesOptIn ? 'yes' : 'no', s.hidden ? 'yes' : 'no', s.flags.join(' ')
			];
		}
		if (rows.length < BATCH) return;
		after = rows[rows.length - 1].s.id;
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
	const csv = Readable.from(confirmedRows(db)).pipe(stringify({ header: true, columns: COLUMNS, bom: true, escape_formulas: true }));
	return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
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
