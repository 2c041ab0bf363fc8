import { getTableColumns, inArray, type SQL, type Table } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Connection, Db } from './index';
import { prepared } from './prepared';

/**
 * Writes of one row by its id in plain SQL, typed from the schema: the column names and the
 * conversion of each value (dates to milliseconds, booleans to 0/1, JSON to text) are the schema's
 * own, and the SQL text is the same for the same set of columns, so SQLite compiles it once (the
 * connection keeps its compiled statements, see db/index.ts). For the paths a surge runs through,
 * where building the query with Drizzle costs more than running it; elsewhere use Drizzle's
 * query builder.
 */
export function updateRow<T extends Table>(db: Connection, table: T, id: number, set: Partial<T['$inferInsert']>): void {
	const { sql, values } = assignments(table, set);
	if (values.length === 0) return;
	prepared(db, `UPDATE "${getTableConfig(table as never).name}" SET ${sql} WHERE id = ?`).run(...values, id);
}

/** Insert one row (the columns given; the others take their SQL defaults). Returns its id. */
export function insertRow<T extends Table>(db: Connection, table: T, values: Partial<T['$inferInsert']>): number {
	const columns = driverValues(table, values);
	const names = columns.map(([name]) => `"${name}"`).join(', ');
	const marks = columns.map(() => '?').join(', ');
	const result = prepared(db, `INSERT INTO "${getTableConfig(table as never).name}" (${names}) VALUES (${marks})`).run(...columns.map(([, value]) => value));
	return Number(result.lastInsertRowid);
}

function assignments(table: Table, set: Record<string, unknown>) {
	const columns = driverValues(table, set);
	return { sql: columns.map(([name]) => `"${name}" = ?`).join(', '), values: columns.map(([, value]) => value) };
}

function driverValues(table: Table, values: Record<string, unknown>): [string, unknown][] {
	const columns = getTableColumns(table) as Record<string, { name: string; mapToDriverValue(value: unknown): unknown }>;
	return Object.entries(values)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => {
			const column = Object.hasOwn(columns, key) ? columns[key] : undefined;
			if (!column) throw new Error(`${key} is not a column`);
			return [column.name, value === null ? null : column.mapToDriverValue(value)];
		});
}

/**
 * The rows `where` matches, or only the first `limit` of them (a job working in batches): an
 * indexed `id IN (SELECT id … LIMIT n)`, since SQLite's UPDATE and DELETE take no LIMIT here.
 */
export function atMost(db: Db, table: SQLiteTable & { id: SQLiteColumn }, where: SQL, limit: number): SQL {
	return Number.isFinite(limit) ? inArray(table.id, db.select({ id: table.id }).from(table).where(where).limit(limit)) : where;
}
