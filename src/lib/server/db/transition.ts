import { eq, getTableName, sql, type Table } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { appendLeaf, hourOf, newReceipt, type LedgerKind } from '../ledger/leaves';
import type { Connection } from './index';
import { preparedQuery } from './prepared';
import { deleteRow, insertRow, updateRow } from './rows';

/** What both aggregates' transitions (signatures/states.ts, endorsements/states.ts) know of a row. */
type Counted<State> = { id: number; state: State; statementId: number; country: string };

/**
 * The writing half of a transition, the same for every aggregate: insert the row (`row` null, in
 * state `created`), delete it (`to` is `gone`), or update it with `change` and its new state.
 * Returns the row's id.
 */
export function writeTransition<State extends string, T extends Table>(
	tx: Connection,
	table: T,
	row: Counted<State> | null,
	to: State | 'gone',
	created: State,
	change: Partial<T['$inferInsert']>,
	now: Date
): number {
	// Only the door decides a row's state, and a row never moves to another statement.
	const fixed = change as { state?: unknown; statementId?: unknown; id?: unknown };
	if (row && (fixed.state !== undefined || fixed.statementId !== undefined || fixed.id !== undefined)) throw new Error('transition: a change may not set state, statementId or id');
	if (!row) return insertRow(tx, table, { createdAt: now, receipt: newReceipt(), ...change, state: created, updatedAt: now } as Partial<T['$inferInsert']>);
	if (to === 'gone') deleteRow(tx, table, row.id);
	else updateRow(tx, table, row.id, { ...change, ...(to !== row.state ? { state: to } : {}), updatedAt: now } as Partial<T['$inferInsert']>);
	return row.id;
}

/**
 * The counting half: whether the row counted before and after (and in which country), and the
 * statement's count and its country's tally moved to match through `adjust`. Returns the count's move.
 */
export function followCount<State extends string>(
	tx: Connection,
	row: Counted<State> | null,
	to: State | 'gone',
	country: string | undefined,
	isCounted: (state: State) => boolean,
	adjust: (tx: Connection, statementId: number, country: string, delta: number) => void
): -1 | 0 | 1 {
	const was = row !== null && isCounted(row.state);
	const is = to !== 'gone' && isCounted(to);
	const after = country ?? row?.country;
	if (was && (!is || after !== row.country)) adjust(tx, row.statementId, row.country, -1);
	if (is && (!was || after !== row!.country)) adjust(tx, row!.statementId, after!, +1);
	return was === is ? 0 : is ? 1 : -1;
}

/**
 * The event as the public ledger names it: an erasure (a person's request under the GDPR) is
 * recorded as the withdrawal it amounts to, so that the public log does not say who asked.
 */
export function ledgerEvent(event: string): string {
	return event === 'erase' ? 'withdraw' : event;
}

type Adjust = (tx: Connection, statementId: number, country: string, delta: number) => void;
type WithReceipt = SQLiteTable & { id: SQLiteColumn; receipt: SQLiteColumn };

/**
 * `adjust`, and with every move of a count the ledger's leaf for it, in the same transaction
 * (ledger/leaves.ts): what moved (kind, event, ±1, country), when to the hour, why where a
 * moderator gave a reason code, and the row's public receipt id.
 */
export function recordedInLedger(
	table: WithReceipt,
	kind: LedgerKind,
	row: { id: number; receipt?: string | null },
	event: string,
	reason: string | null,
	now: Date,
	adjust: Adjust
): Adjust {
	let receipt = row.receipt ?? null;
	return (tx, statementId, country, delta) => {
		adjust(tx, statementId, country, delta);
		receipt ??= receiptOf(tx, table, row.id);
		appendLeaf(tx, statementId, { kind, event, delta: delta > 0 ? 1 : -1, country, hour: hourOf(now), reason, receipt });
	};
}

/** A row's receipt id, given to it now if it has none (a row made before receipts existed). */
function receiptOf(tx: Connection, table: WithReceipt, id: number): string {
	const found = preparedQuery(tx, `receipt of ${getTableName(table)}`, () =>
		tx.select({ receipt: table.receipt }).from(table).where(eq(table.id, sql.placeholder('id'))).prepare()
	).get({ id }) as { receipt: string | null } | undefined;
	if (found?.receipt) return found.receipt;
	const receipt = newReceipt();
	updateRow(tx, table, id, { receipt } as never);
	return receipt;
}
