import { eq, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Connection, Db } from '../db';
import { preparedQuery } from '../db/prepared';
import { countryCounter, statementCounter } from '../db/schema';

/**
 * Move a statement's confirmed-signature count (and its country's) by delta, inside the caller's
 * transaction. Only the signatures' transition (signatures/states.ts) calls this.
 */
export function adjustSignatureCount(db: Connection, statementId: number, country: string, delta: number): void {
	adjust(db, 'signatures', statementId, country, delta);
}

/** Add delta to one count of the statement and of its country (rows made at the first move). */
function adjust(db: Connection, count: 'signatures' | 'organizations', statementId: number, country: string, delta: number): void {
	const plus = (column: SQLiteColumn) => sql`${column} + excluded.${sql.identifier(column.name)}`;
	preparedQuery(db, `statement_counter ${count}`, () =>
		db
			.insert(statementCounter)
			.values({ statementId: sql.placeholder('statementId'), [count]: sql.placeholder('delta') })
			.onConflictDoUpdate({ target: statementCounter.statementId, set: { [count]: plus(statementCounter[count]) } })
			.prepare()
	).run({ statementId, delta });
	preparedQuery(db, `country_counter ${count}`, () =>
		db
			.insert(countryCounter)
			.values({ statementId: sql.placeholder('statementId'), country: sql.placeholder('country'), [count]: sql.placeholder('delta') })
			.onConflictDoUpdate({ target: [countryCounter.statementId, countryCounter.country], set: { [count]: plus(countryCounter[count]) } })
			.prepare()
	).run({ statementId, country, delta });
}

export type Counts = { signatures: number; organizations: number };

export function getCounts(db: Db, statementId: number): Counts {
	const row = db
		.select({ signatures: statementCounter.signatures, organizations: statementCounter.organizations })
		.from(statementCounter)
		.where(eq(statementCounter.statementId, statementId))
		.get();
	return row ?? { signatures: 0, organizations: 0 };
}

/** Confirmed signatures per country, largest first. */
export function getCountsByCountry(db: Db, statementId: number): { country: string; signatures: number }[] {
	return db
		.select({ country: countryCounter.country, signatures: countryCounter.signatures })
		.from(countryCounter)
		.where(eq(countryCounter.statementId, statementId))
		.orderBy(sql`${countryCounter.signatures} DESC`, countryCounter.country)
		.all()
		.filter((r) => r.signatures > 0);
}

/**
 * Move a statement's approved-organization count (and its country's) by delta, inside the caller's
 * transaction. Only the endorsements' transition (endorsements/states.ts) calls this.
 */
export function adjustOrganizationCount(db: Connection, statementId: number, country: string, delta: number): void {
	adjust(db, 'organizations', statementId, country, delta);
}

/** Countries with at least one approved organization, largest first. */
export function getOrganizationCountsByCountry(db: Db, statementId: number): { country: string; organizations: number }[] {
	return db
		.select({ country: countryCounter.country, organizations: countryCounter.organizations })
		.from(countryCounter)
		.where(eq(countryCounter.statementId, statementId))
		.orderBy(sql`${countryCounter.organizations} DESC`, countryCounter.country)
		.all()
		.filter((r) => r.organizations > 0);
}
