/**
 * The public ledger: per statement, an append-only log of every change of a public count (a leaf),
 * the hashes of its complete subtrees (so that roots and proofs cost O(log n) reads), and the
 * signed tree heads. Nothing here is personal: see src/lib/server/ledger/leaves.ts for a leaf's bytes.
 */
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { statement } from './statements';

/** One change of a public count: its canonical bytes (UTF-8 JSON) and their RFC 9162 leaf hash. */
export const ledgerLeaf = sqliteTable(
	'ledger_leaf',
	{
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'cascade' }),
		/** 0, 1, 2, … within the statement's log. */
		position: integer('position').notNull(),
		/** The public receipt id of the signature or endorsement the leaf is about (also inside `data`). */
		receipt: text('receipt').notNull(),
		data: text('data').notNull(),
		hash: blob('hash', { mode: 'buffer' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.statementId, t.position] }),
		// With the position: a receipt's leaves, and its last one, are read off the index alone (proofs, the dossier).
		index('ledger_leaf_receipt_idx').on(t.statementId, t.receipt, t.position)
	]
);

/** The hash of each complete subtree of 2^level leaves (level ≥ 1; level 0 are the leaves' own). */
export const ledgerNode = sqliteTable(
	'ledger_node',
	{
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'cascade' }),
		level: integer('level').notNull(),
		position: integer('position').notNull(),
		hash: blob('hash', { mode: 'buffer' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.statementId, t.level, t.position] })]
);

/** A signed tree head: the log's size and root at a time, with the counts its leaves add up to. Kept forever. */
export const ledgerHead = sqliteTable(
	'ledger_head',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'cascade' }),
		treeSize: integer('tree_size').notNull(),
		rootHash: blob('root_hash', { mode: 'buffer' }).notNull(),
		/** The exact bytes that were signed (UTF-8 JSON: statement, size, root, time, counts). */
		body: text('body').notNull(),
		signature: blob('signature', { mode: 'buffer' }).notNull(),
		signedAt: integer('signed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('ledger_head_statement_idx').on(t.statementId, t.treeSize)]
);
