import { eq, getTableColumns, getTableName, inArray, sql, type SQL, type Table } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Connection, Db } from './index';
import { preparedQuery } from './prepared';

type WithId = SQLiteTable & { id: SQLiteColumn };

/**
 * Writes of one row by its id for the paths a surge runs through (sign, confirm, the transitions):
 * Drizzle's own update and insert, built once per set of columns (`preparedQuery`), so the schema
 * converts every value (dates to milliseconds, booleans to 0/1, JSON to text). A value that is
 * null is written into the query as NULL (Drizzle's conversions expect a value), and a column the
 * schema updates by itself (`$onUpdate`) gets its value now, not when the query was built.
 */
export function updateRow<T extends Table>(db: Connection, table: T, id: number, set: Partial<T['$inferInsert']>): void {
	const { shape, fixed, values } = split(table, set, 'update');
	if (shape.length === 0) return;
	const query = preparedQuery(db, `update ${getTableName(table)} ${shape}`, () =>
		db
			.update(table as unknown as WithId)
			.set({ ...fixed, ...placeholders(values) })
			.where(eq((table as unknown as WithId).id, sql.placeholder('id')))
			.prepare()
	);
	query.run({ ...values, id });
}

/** Insert one row (the columns given; the others take the schema's defaults). Returns its id. */
export function insertRow<T extends Table>(db: Connection, table: T, set: Partial<T['$inferInsert']>): number {
	const { shape, fixed, values } = split(table, set, 'insert');
	const query = preparedQuery(db, `insert ${getTableName(table)} ${shape}`, () =>
		db
			.insert(table as unknown as WithId)
			.values({ ...fixed, ...placeholders(values) } as WithId['$inferInsert'])
			.prepare()
	);
	return Number(query.run(values).lastInsertRowid);
}

/** Delete one row by its id. */
export function deleteRow(db: Connection, table: Table, id: number): void {
	preparedQuery(db, `delete ${getTableName(table)}`, () =>
		db
			.delete(table as unknown as WithId)
			.where(eq((table as unknown as WithId).id, sql.placeholder('id')))
			.prepare()
	).run({ id });
}

/**
 * The given columns as the query's shape (a name per set of columns, nulls marked), the nulls
 * fixed in the query, the other values bound at each run; plus the columns the schema stamps on
 * every write (`$onUpdate`, also on insert), stamped now.
 */
function split(table: Table, set: Record<string, unknown>, write: 'update' | 'insert') {
	const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
	const fixed: Record<string, null> = {};
	const values: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(set)) {
		if (value === undefined) continue;
		if (!Object.hasOwn(columns, key)) throw new Error(`${key} is not a column`);
		if (value === null) fixed[key] = null;
		else values[key] = value;
	}
	for (const [key, column] of Object.entries(columns)) {
		const stamp = column.onUpdateFn;
		if (stamp && !(key in fixed) && !(key in values) && (write === 'update' || column.default === undefined)) values[key] = stamp();
	}
	const shape = [...Object.keys(values).map((key) => key), ...Object.keys(fixed).map((key) => `${key}=null`)].sort().join(',');
	return { shape, fixed, values };
}

function placeholders(values: Record<string, unknown>) {
	return Object.fromEntries(Object.keys(values).map((key) => [key, sql.placeholder(key)]));
}

/**
 * The rows `where` matches, or only the first `limit` of them (a job working in batches): an
 * indexed `id IN (SELECT id … LIMIT n)`, since SQLite's UPDATE and DELETE take no LIMIT here.
 */
export function atMost(db: Db, table: WithId, where: SQL, limit: number): SQL {
	return Number.isFinite(limit) ? inArray(table.id, db.select({ id: table.id }).from(table).where(where).limit(limit)) : where;
}
