import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { statement, statementVersion } from '$lib/server/db/schema';
import { seedStatements } from '$lib/server/seed';
import { getFeaturedStatement, getPublishedStatement } from '$lib/server/statements/queries';
import { openTestDb } from './helpers/db';

describe('reading statements', () => {
	it('shows the featured open statement in each language', () => {
		const db = openTestDb();
		seedStatements(db);
		const en = getFeaturedStatement(db, 'en')!;
		const de = getFeaturedStatement(db, 'de')!;
		const az = getFeaturedStatement(db, 'az')!;
		expect(en.locale).toBe('en');
		expect(en.official).toBe(true);
		expect(de).toMatchObject({ locale: 'de', official: false, authoritativeLocale: 'en' });
		expect(de.title).toMatch(/^Offizielle Erklärung/);
		expect(az.title).toMatch(/Rəsmi Bəyanat$/);
		expect(en.issuerNames.map((n) => n.locale)).toEqual(['en', 'de', 'az']);
		expect(en.paragraphs).toHaveLength(5);
		expect(en.signatoryTitles).toHaveLength(2);
	});

	it('keeps drafts from the public', () => {
		const db = openTestDb();
		seedStatements(db);
		db.update(statement).set({ status: 'draft' }).run();
		expect(getPublishedStatement(db, 'mine-contaminated-areas', 'en')).toBeNull();
		expect(getFeaturedStatement(db, 'en')).toBeNull();
	});

	it('shows a closed statement by its address but does not feature it', () => {
		const db = openTestDb();
		seedStatements(db);
		db.update(statement).set({ status: 'closed' }).run();
		expect(getPublishedStatement(db, 'mine-contaminated-areas', 'de')?.status).toBe('closed');
		expect(getFeaturedStatement(db, 'de')).toBeNull();
	});

	it('falls back to the authoritative text where a translation is missing', () => {
		const db = openTestDb();
		seedStatements(db);
		db.delete(statementVersion).where(eq(statementVersion.locale, 'de')).run();
		const shown = getPublishedStatement(db, 'mine-contaminated-areas', 'de')!;
		expect(shown.locale).toBe('en');
		expect(shown.official).toBe(true);
	});

	it('shows the current version, not a superseded one', () => {
		const db = openTestDb();
		seedStatements(db);
		const old = db.select().from(statementVersion).where(eq(statementVersion.locale, 'de')).get()!;
		db.update(statementVersion).set({ supersededAt: new Date() }).where(eq(statementVersion.id, old.id)).run();
		db.insert(statementVersion)
			.values({ ...old, id: undefined, title: 'Neuer Titel', contentHash: 'new', supersededAt: null })
			.run();
		expect(getPublishedStatement(db, 'mine-contaminated-areas', 'de')!.title).toBe('Neuer Titel');
	});

	it('answers null for an unknown address', () => {
		const db = openTestDb();
		seedStatements(db);
		expect(getPublishedStatement(db, 'no-such-statement', 'en')).toBeNull();
	});
});
