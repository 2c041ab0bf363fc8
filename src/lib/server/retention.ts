/** Personal data is kept while a statement is presented, then for a while after it closes; then it goes. */
import { eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db';
import { endorsement, signature, statement, type Statement } from './db/schema';
import { recordAudit } from './audit';

const MONTH_MS = 30.44 * 24 * 60 * 60 * 1000;

/** When a statement stopped collecting: its planned end if that has passed, else when it was closed by hand. */
export function closedSince(row: Pick<Statement, 'status' | 'closesAt' | 'closedAt'>, now = new Date()): Date | null {
	if (row.closesAt && row.closesAt <= now) return row.closedAt && row.closedAt < row.closesAt ? row.closedAt : row.closesAt;
	return row.status === 'closed' ? row.closedAt : null;
}

/**
 * What a signature keeps of its signer once they are forgotten (erased on request, or anonymised
 * after the statement closed): nothing that names or reaches them. The canonical address only
 * stays unique per row.
 */
export function forgottenSigner(emailCanonical: string | SQL) {
	return {
		name: '',
		nameKey: '',
		publicName: null,
		publicNameKey: null,
		email: '',
		emailCanonical,
		emailDomain: '',
		city: null,
		affiliation: null,
		ipHmac: null,
		updatesOptIn: false,
		confirmTokenHash: null,
		withdrawTokenHash: null,
		unsubscribeTokenHash: null,
		linkSalt: null
	};
}

/** The same for an organization's contact person; the organization itself stays as it chose to be shown. */
export function forgottenContact(contactEmailCanonical: string | SQL) {
	return {
		contactName: '',
		contactRole: '',
		contactEmail: '',
		contactEmailCanonical,
		contactEmailDomain: '',
		ipHmac: null,
		confirmTokenHash: null,
		withdrawTokenHash: null
	};
}

/**
 * Erase the signers' names, addresses and cities and the organizations' contact persons for every
 * statement closed longer than `months`. States and counts stay, so the statement still shows how
 * many supported it; organizations (public by their own choice) stay listed. Returns how many rows.
 */
export function anonymiseClosedStatements(db: Db, months: number, now = new Date()): { statements: number; signatures: number; endorsements: number } {
	const cutoff = new Date(now.getTime() - months * MONTH_MS);
	const due = db
		.select()
		.from(statement)
		.where(isNull(statement.anonymisedAt))
		.all()
		.filter((row) => {
			const since = closedSince(row, now);
			return since !== null && since <= cutoff;
		});
	let signatures = 0;
	let endorsements = 0;
	for (const row of due) {
		db.transaction(
			(tx) => {
				const signed = tx
					.update(signature)
					.set(forgottenSigner(sql`'anonymised:' || ${signature.id}`))
					.where(eq(signature.statementId, row.id))
					.run().changes;
				const endorsed = tx
					.update(endorsement)
					.set(forgottenContact(sql`'anonymised:' || ${endorsement.id}`))
					.where(eq(endorsement.statementId, row.id))
					.run().changes;
				tx.update(statement).set({ anonymisedAt: now }).where(eq(statement.id, row.id)).run();
				recordAudit(tx, { actor: null, action: 'privacy.anonymise', subjectType: 'statement', subjectId: row.slug, after: { months, signatures: signed, endorsements: endorsed } }, now);
				signatures += signed;
				endorsements += endorsed;
			},
			{ behavior: 'immediate' }
		);
	}
	return { statements: due.length, signatures, endorsements };
}
