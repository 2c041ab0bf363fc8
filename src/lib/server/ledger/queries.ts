/** What the ledger's public pages and JSON show: heads, leaves, and proofs against the latest head. */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Connection } from '../db';
import { ledgerLeaf } from '../db/schema';
import { latestHead, type SignedHead } from './heads';
import type { Tree } from '$lib/ledger/merkle';
import { ledgerTree } from './leaves';

export const LEAVES_PER_PAGE = 1000;

export type LeafView = { position: number; data: string; hash: string };

/** Leaves [from, to) of the statement's log, at most LEAVES_PER_PAGE. */
export function listLeaves(db: Connection, statementId: number, from: number, to: number): LeafView[] {
	const end = Math.min(to, from + LEAVES_PER_PAGE);
	return db
		.select({ position: ledgerLeaf.position, data: ledgerLeaf.data, hash: ledgerLeaf.hash })
		.from(ledgerLeaf)
		.where(and(eq(ledgerLeaf.statementId, statementId), gte(ledgerLeaf.position, from), lt(ledgerLeaf.position, end)))
		.orderBy(asc(ledgerLeaf.position))
		.all()
		.map((row) => ({ position: row.position, data: row.data, hash: row.hash.toString('hex') }));
}

/** A receipt id as issued: 32 lowercase hex digits. */
export function isReceipt(value: unknown): value is string {
	return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

/** Where the holder of a receipt checks, in their browser, that it is counted (the link in emails). */
export function receiptCheckLink(origin: string, locale: string, slug: string, receipt: string): string {
	return `${origin}/${locale}/statements/${slug}/ledger/check?receipt=${receipt}`;
}

export type InclusionProofs = { head: SignedHead; proofs: { position: number; data: string; path: string[] }[] };

/**
 * Every leaf of this receipt that the latest signed head covers, each with its audit path against
 * that head; null when the head covers none (not signed yet, or an unknown receipt).
 */
export function proveReceipt(db: Connection, statementId: number, receipt: string): InclusionProofs | null {
	const head = latestHead(db, statementId);
	if (!head) return null;
	const leaves = db
		.select({ position: ledgerLeaf.position, data: ledgerLeaf.data })
		.from(ledgerLeaf)
		.where(and(eq(ledgerLeaf.statementId, statementId), eq(ledgerLeaf.receipt, receipt), lt(ledgerLeaf.position, head.treeSize)))
		.orderBy(asc(ledgerLeaf.position))
		.all();
	if (leaves.length === 0) return null;
	const tree = headTree(db, statementId, head.treeSize);
	return { head, proofs: leaves.map((leaf) => ({ ...leaf, path: tree.inclusionProof(leaf.position).map((h) => h.toString('hex')) })) };
}

/** Whether the receipt has leaves at all (signed or not yet): tells "not yet signed" from "no such receipt". */
export function hasLeaves(db: Connection, statementId: number, receipt: string): boolean {
	return db.select({ position: ledgerLeaf.position }).from(ledgerLeaf).where(and(eq(ledgerLeaf.statementId, statementId), eq(ledgerLeaf.receipt, receipt))).limit(1).get() !== undefined;
}

/**
 * The tree of the latest head, kept while it is the latest: every proof against it shares the
 * hashes of its ragged right edge (computed once, then O(log n) reads of stored subtrees a proof).
 * Stored subtrees never change, so a kept tree never goes stale; a new head gets a new one.
 */
const latestTrees = new WeakMap<Connection, Map<number, Tree>>();
function headTree(db: Connection, statementId: number, size: number): Tree {
	let trees = latestTrees.get(db);
	if (!trees) latestTrees.set(db, (trees = new Map()));
	const kept = trees.get(statementId);
	if (kept && kept.size === size) return kept;
	const tree = ledgerTree(db, statementId, size);
	trees.set(statementId, tree);
	return tree;
}

/** The RFC 9162 consistency proof between the log at `from` and at `to` leaves (both at most its size). */
export function proveConsistency(db: Connection, statementId: number, from: number, to: number): string[] {
	return ledgerTree(db, statementId, to)
		.consistencyProof(from)
		.map((h) => h.toString('hex'));
}
