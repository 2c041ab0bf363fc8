/** Personal data is kept while a statement is presented, then for a while after it closes; then it goes. */
import { and, count, eq, gt, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { deleteStatementDossiers } from '../dossier/paths';
import type { Db } from '../db';
import { endorsement, signature, statement, type Statement } from '../db/schema';
import { recordAudit } from '../audit';

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
export function forgottenSigner<Key extends string | SQL>(emailCanonical: Key) {
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
export function forgottenContact<Key extends string | SQL>(contactEmailCanonical: Key) {
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
 * Signatures anonymised per transaction: a batch rewrites index entries all over the file (~30 ms
 * for 200 rows of a million), and with the jobs' pause after each (drainInBatches in jobs.ts) the
 * server goes on answering at about half speed meanwhile; a statement of a million signatures
 * takes ~7 minutes this way instead of stopping every request for ~45 s in one transaction.
 */
export const ANONYMISE_BATCH = 200;

/** Per database, how far (by id) this process has anonymised each statement's signatures. */
const progress = new WeakMap<Db, Map<number, number>>();

export type Anonymised = { statements: number; signatures: number; endorsements: number; more: boolean };

/**
 * Erase the signers' names, addresses and cities and the organizations' contact persons for every
 * statement closed longer than `months`. States and counts stay, so the statement still shows how
 * many supported it; organizations (public by their own choice) stay listed. This is the
 * `anonymise` event of both transition tables (signatures/states.ts, endorsements/states.ts), done
 * for many rows at once: it changes no state and no count, so it needs neither door.
 *
 * At most `limit` signatures are anonymised per call, oldest first, in one transaction; `more`
 * says whether some remain (a statement of a million signatures took ~45 s in one go, with every
 * request waiting). A statement counts as done, with its audit entry, once all its rows are.
 * Returns what this call did.
 */
export function anonymiseClosedStatements(db: Db, months: number, now = new Date(), limit = Infinity): Anonymised {
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
	const done = { statements: 0, signatures: 0, endorsements: 0 };
	const reached = progress.get(db) ?? new Map<number, number>();
	progress.set(db, reached);
	let budget = limit;
	for (const row of due) {
		if (budget <= 0) return { ...done, more: true };
		const last = db.transaction(
			(tx) => {
				// In id order from where this process left off (`+statement_id`: walk the ids, not an
				// index on the statement, which would sort a million rows for every batch).
				const ids = tx
					.select({ id: signature.id })
					.from(signature)
					.where(and(sql`+${signature.statementId} = ${row.id}`, gt(signature.id, reached.get(row.id) ?? 0), ne(signature.emailDomain, '')))
					.orderBy(signature.id)
					.limit(Number.isFinite(budget) ? budget : -1)
					.all()
					.map((r) => r.id);
				if (ids.length > 0) {
					tx.update(signature).set(forgottenSigner(sql`'anonymised:' || ${signature.id}`)).where(inArray(signature.id, ids)).run();
					done.signatures += ids.length;
					budget -= ids.length;
					if (budget <= 0) return ids[ids.length - 1];
				}
				const endorsed = tx
					.update(endorsement)
					.set(forgottenContact(sql`'anonymised:' || ${endorsement.id}`))
					.where(eq(endorsement.statementId, row.id))
					.run().changes;
				tx.update(statement).set({ anonymisedAt: now }).where(eq(statement.id, row.id)).run();
				// The dossiers' files name people too.
				deleteStatementDossiers(tx, row.id, now);
				const signed = tx.select({ n: count() }).from(signature).where(eq(signature.statementId, row.id)).get()!.n;
				recordAudit(tx, { actor: null, action: 'privacy.anonymise', subjectType: 'statement', subjectId: row.slug, after: { months, signatures: signed, endorsements: endorsed } }, now);
				done.statements += 1;
				done.endorsements += endorsed;
				return null;
			},
			{ behavior: 'immediate' }
		);
		// Only once the batch is committed.
		if (last === null) reached.delete(row.id);
		else reached.set(row.id, last);
	}
	return { ...done, more: budget <= 0 && due.length > done.statements };
}
