/**
 * The ledger of a deployment that had signatures before it had a ledger: one `start` leaf for
 * every signature and endorsement counted at that moment, then a first signed head. Runs at
 * start-up, before anything else can append a leaf, and only for a statement whose log is empty
 * while something counts. On a million signatures it takes some seconds, once.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { endorsement, ledgerLeaf, signature, statement } from '../db/schema';
import { COUNTED_STATES as COUNTED_SIGNATURES } from '../signatures/states';
import { PUBLIC_ENDORSEMENT_STATES } from '../endorsements/states';
import { appendLeaves, hourOf, newReceipt } from './leaves';
import { count, writeHead, type LedgerCounts } from './heads';

const BATCH = 10_000;

export function startLedgers(db: Db, now = new Date()): { statements: number; leaves: number } {
	let statements = 0;
	let leaves = 0;
	for (const { id } of db.select({ id: statement.id }).from(statement).all()) {
		const counts: LedgerCounts = { signatures: 0, organizations: 0, countries: {} };
		let position = 0;
		const started = db.transaction(
			(tx) => {
				// Inside the write transaction: of two processes starting at once, one starts the log.
				if (tx.select({ position: ledgerLeaf.position }).from(ledgerLeaf).where(eq(ledgerLeaf.statementId, id)).limit(1).get()) return 0;
				for (const kind of ['signature', 'organization'] as const) {
					for (let after = 0; ; ) {
						const rows =
							kind === 'signature'
								? tx
										.select({ id: signature.id, country: signature.country, receipt: signature.receipt, at: signature.confirmedAt })
										.from(signature)
										.where(and(eq(signature.statementId, id), inArray(signature.state, [...COUNTED_SIGNATURES]), gt(signature.id, after)))
										.orderBy(asc(signature.id))
										.limit(BATCH)
										.all()
								: tx
										.select({ id: endorsement.id, country: endorsement.country, receipt: endorsement.receipt, at: endorsement.approvedAt })
										.from(endorsement)
										.where(and(eq(endorsement.statementId, id), inArray(endorsement.state, [...PUBLIC_ENDORSEMENT_STATES]), gt(endorsement.id, after)))
										.orderBy(asc(endorsement.id))
										.limit(BATCH)
										.all();
						const table = kind === 'signature' ? signature : endorsement;
						const leaves = rows.map((row) => {
							const receipt = row.receipt ?? newReceipt();
							if (!row.receipt) tx.update(table).set({ receipt }).where(eq(table.id, row.id)).run();
							count(counts, { kind, delta: 1, country: row.country });
							return { kind, event: 'start', delta: 1 as const, country: row.country, hour: hourOf(row.at ?? now), reason: null, receipt };
						});
						position = appendLeaves(tx, id, leaves);
						if (rows.length < BATCH) break;
						after = rows[rows.length - 1].id;
					}
				}
				if (position > 0) writeHead(tx, id, position, counts, now, null);
				return position;
			},
			{ behavior: 'immediate' }
		);
		if (started > 0) {
			statements++;
			leaves += started;
		}
	}
	return { statements, leaves };
}
