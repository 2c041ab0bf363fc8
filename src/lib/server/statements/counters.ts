import { eq, sql } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { prepared } from '../db/prepared';
import { countryCounter, statementCounter } from '../db/schema';

/**
 * Move a statement's confirmed-signature count (and its country's) by delta, inside the caller's
 * transaction. Only the signatures' transition (signatures/states.ts) calls this.
 */
export function adjustSignatureCount(db: Connection, statementId: number, country: string, delta: number): void {
	prepared(
		db,
		'INSERT INTO statement_counter (statement_id, signatures) VALUES (?, ?) ON CONFLICT (statement_id) DO UPDATE SET signatures = signatures + excluded.signatures'
	).run(statementId, delta);
	prepared(
		db,
		'INSERT INTO country_counter (statement_id, country, signatures) VALUES (?, ?, ?) ON CONFLICT (statement_id, country) DO UPDATE SET signatures = signatures + excluded.signatures'
	).run(statementId, country, delta);
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
	prepared(
		db,
		'INSERT INTO statement_counter (statement_id, organizations) VALUES (?, ?) ON CONFLICT (statement_id) DO UPDATE SET organizations = organizations + excluded.organizations'
	).run(statementId, delta);
	prepared(
		db,
		'INSERT INTO country_counter (statement_id, country, organizations) VALUES (?, ?, ?) ON CONFLICT (statement_id, country) DO UPDATE SET organizations = organizations + excluded.organizations'
	).run(statementId, country, delta);
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
