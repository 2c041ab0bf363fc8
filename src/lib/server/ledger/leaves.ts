/**
 * The ledger's leaves: one for every move of a public count, appended in the same transaction as
 * the move (by the two transitions' `adjust`, see signatures/states.ts and endorsements/states.ts),
 * so that no path that changes a count can forget its leaf.
 *
 * A leaf's bytes are the UTF-8 of this JSON, keys in this order, no spaces (JSON.stringify of the
 * object as written below): {"v":1,"statement":slug,"kind":"signature"|"organization",
 * "event":name,"delta":1|-1,"country":ISO 3166 code,"hour":"YYYY-MM-DDTHH:00Z","reason":code|null,
 * "receipt":32 hex digits}. No name, address, email or row id: the receipt is random.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { leafHash, nodeHash, Tree, type Hash } from '$lib/ledger/merkle';
import type { Connection } from '../db';
import { preparedQuery } from '../db/prepared';
import { ledgerLeaf, ledgerNode, statement } from '../db/schema';

export type LedgerKind = 'signature' | 'organization';

export type Leaf = {
	v: 1;
	statement: string;
	kind: LedgerKind;
	event: string;
	delta: 1 | -1;
	country: string;
	hour: string;
	reason: string | null;
	receipt: string;
};

/** A new receipt id: 128 random bits. */
export function newReceipt(): string {
	return randomBytes(16).toString('hex');
}

/** The time to the hour, as a leaf shows it. */
export function hourOf(at: Date): string {
	return `${at.toISOString().slice(0, 13)}:00Z`;
}

/** The canonical bytes of a leaf (see the top of this file). */
export function leafBytes(leaf: Leaf): Buffer {
	const { v, statement, kind, event, delta, country, hour, reason, receipt } = leaf;
	return Buffer.from(JSON.stringify({ v, statement, kind, event, delta, country, hour, reason, receipt }), 'utf8');
}

/** How many leaves the statement's log holds. */
export function ledgerSize(db: Connection, statementId: number): number {
	const last = preparedQuery(db, 'ledger size', () =>
		db
			.select({ position: ledgerLeaf.position })
			.from(ledgerLeaf)
			.where(eq(ledgerLeaf.statementId, sql.placeholder('statementId')))
			.orderBy(desc(ledgerLeaf.position))
			.limit(1)
			.prepare()
	).get({ statementId });
	return last ? last.position + 1 : 0;
}

/** The stored hash of a complete subtree (level 0: a leaf's). */
function perfectHash(db: Connection, statementId: number, level: number, position: number): Hash {
	const row =
		level === 0
			? preparedQuery(db, 'ledger leaf hash', () =>
					db
						.select({ hash: ledgerLeaf.hash })
						.from(ledgerLeaf)
						.where(and(eq(ledgerLeaf.statementId, sql.placeholder('statementId')), eq(ledgerLeaf.position, sql.placeholder('position'))))
						.prepare()
				).get({ statementId, position })
			: preparedQuery(db, 'ledger node hash', () =>
					db
						.select({ hash: ledgerNode.hash })
						.from(ledgerNode)
						.where(
							and(
								eq(ledgerNode.statementId, sql.placeholder('statementId')),
								eq(ledgerNode.level, sql.placeholder('level')),
								eq(ledgerNode.position, sql.placeholder('position'))
							)
						)
						.prepare()
				).get({ statementId, level, position });
	if (!row) throw new Error(`ledger: no subtree ${level}/${position} of statement ${statementId}`);
	return row.hash;
}

/** The statement's log as it stands (or as it stood at `size` leaves). */
export function ledgerTree(db: Connection, statementId: number, size = ledgerSize(db, statementId)): Tree {
	return new Tree((level, position) => perfectHash(db, statementId, level, position), size);
}

/** The public slug of a statement, as leaves and heads name it. */
export function statementSlug(db: Connection, statementId: number): string {
	const row = preparedQuery(db, 'ledger statement slug', () =>
		db.select({ slug: statement.slug }).from(statement).where(eq(statement.id, sql.placeholder('id'))).prepare()
	).get({ id: statementId });
	if (!row) throw new Error(`ledger: no statement ${statementId}`);
	return row.slug;
}

/**
 * Append one leaf to the statement's log, inside the caller's transaction, and store the hash of
 * every subtree it completes. Returns its position.
 */
export function appendLeaf(tx: Connection, statementId: number, leaf: Omit<Leaf, 'v' | 'statement'>): number {
	return appendLeaves(tx, statementId, [leaf]) - 1;
}

/**
 * Append leaves in order (see appendLeaf); returns the log's new size. The subtrees still waiting
 * for a right sibling are kept in memory while it runs, so a long run reads none back.
 */
export function appendLeaves(tx: Connection, statementId: number, leaves: Iterable<Omit<Leaf, 'v' | 'statement'>>): number {
	let size = ledgerSize(tx, statementId);
	const slug = statementSlug(tx, statementId);
	const waiting: Hash[] = [];
	const insertLeaf = preparedQuery(tx, 'ledger leaf insert', () =>
		tx
			.insert(ledgerLeaf)
			.values({
				statementId: sql.placeholder('statementId'),
				position: sql.placeholder('position'),
				receipt: sql.placeholder('receipt'),
				data: sql.placeholder('data'),
				hash: sql.placeholder('hash')
			})
			.prepare()
	);
	const insertNode = preparedQuery(tx, 'ledger node insert', () =>
		tx
			.insert(ledgerNode)
			.values({ statementId: sql.placeholder('statementId'), level: sql.placeholder('level'), position: sql.placeholder('position'), hash: sql.placeholder('hash') })
			.prepare()
	);
	for (const leaf of leaves) {
		const position = size++;
		const bytes = leafBytes({ v: 1, statement: slug, ...leaf });
		let hash = leafHash(bytes);
		insertLeaf.run({ statementId, position, receipt: leaf.receipt, data: bytes.toString('utf8'), hash });
		// A leaf at an odd position completes a pair; the pair may complete a pair above it, and so on.
		let level = 0;
		for (let at = position; at % 2 === 1; level++, at = (at - 1) / 2) {
			hash = nodeHash(waiting[level] ?? perfectHash(tx, statementId, level, at - 1), hash);
			insertNode.run({ statementId, level: level + 1, position: (at - 1) / 2, hash });
		}
		// The subtree just completed waits, at its level, for its right sibling.
		waiting[level] = hash;
	}
	return size;
}
