import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { statement, statementVersion } from '$lib/server/db/schema';
import { seedStatements } from '$lib/server/seed';
import { parseStatementText } from '$lib/server/seed/statement-text';
import { computeContentHash } from '$lib/server/statements/queries';
import { openTestDb } from './helpers/db';

const SEED_DIR = 'src/lib/server/seed/mine-contaminated-areas';
/** SHA-256 of the statement as the European Azerbaijan Center issued it (shared/seed/statement.en.txt). */
const ISSUED_EN_SHA256 = '245c087ea23a444717a86e7e309d243203419c956cd8efa221b9d308abe45084';

describe('the seeded statement', () => {
	it('keeps the issued English text byte for byte', () => {
		const bytes = readFileSync(`${SEED_DIR}/en.txt`);
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(ISSUED_EN_SHA256);
	});

	it('stores the English body verbatim, spelling "Aserbaidtschan" included', () => {
		const db = openTestDb();
		seedStatements(db);
		const en = db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()!;
		const issued = readFileSync(`${SEED_DIR}/en.txt`, 'utf8');
		for (const paragraph of en.body.split('\n\n')) expect(issued).toContain(paragraph);
		expect(en.body.split('\n\n')).toHaveLength(5);
		expect(en.body.match(/Europäisches Aserbaidtschan Zentrum e\.V\./g)).toHaveLength(2);
		expect(en.title).toBe('Official Statement on the Humanitarian Situation in Mine-Contaminated Areas of Azerbaijan');
		expect(en.addressee).toBe(
			'To the attention of the international community, international organizations, and human rights institutions'
		);
		expect(en.closing).toBe('Respectfully,');
		expect(en.signatoryTitle).toBe(
			'Chairman of the European Azerbaijan Center\nMember of the Board of the Alliance of Azerbaijanis in Germany'
		);
		expect(en.issuedPlace).toBe('Münster, Germany');
		expect(en.official).toBe(true);
	});

	it('holds the statement open and featured, with an issuer block in three names', () => {
		const db = openTestDb();
		seedStatements(db);
		const row = db.select().from(statement).get()!;
		expect(row).toMatchObject({
			slug: 'mine-contaminated-areas',
			status: 'open',
			featured: true,
			authoritativeLocale: 'en',
			signatoryName: 'Zaur Aliyev',
			issuedOn: '2026-04-04'
		});
		const names = Object.fromEntries(
			db.select().from(statementVersion).all().map((v) => [v.locale, v.issuerName])
		);
		expect(names).toEqual({
			en: 'European Azerbaijan Center e.V.',
			de: 'Europäisches Aserbaidschan Zentrum e.V.',
			az: 'Avropa Azərbaycan Mərkəzi'
		});
	});

	it('has German and Azerbaijani translations marked unofficial, each with its own hash', () => {
		const db = openTestDb();
		seedStatements(db);
		const versions = db.select().from(statementVersion).all();
		expect(versions.map((v) => v.locale).sort()).toEqual(['az', 'de', 'en']);
		for (const v of versions) {
			expect(v.official).toBe(v.locale === 'en');
			expect(v.contentHash).toBe(computeContentHash(v));
			expect(v.body.split('\n\n')).toHaveLength(5);
		}
		expect(new Set(versions.map((v) => v.contentHash)).size).toBe(3);
		const az = versions.find((v) => v.locale === 'az')!;
		expect(az.title).toMatch(/[əƏıİğşçöü]/);
	});

	it('is idempotent and leaves later edits alone', () => {
		const db = openTestDb();
		seedStatements(db);
		db.update(statement).set({ signatureGoal: 10_000 }).run();
		seedStatements(db);
		seedStatements(db);
		expect(db.select().from(statement).all()).toHaveLength(1);
		expect(db.select().from(statementVersion).all()).toHaveLength(3);
		expect(db.select().from(statement).get()!.signatureGoal).toBe(10_000);
	});

	it('adds a language that is missing without touching the others', () => {
		const db = openTestDb();
		seedStatements(db);
		const before = db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()!;
		db.delete(statementVersion).where(eq(statementVersion.locale, 'az')).run();
		seedStatements(db);
		const locales = db.select({ l: statementVersion.locale }).from(statementVersion).all().map((r) => r.l);
		expect(locales.sort()).toEqual(['az', 'de', 'en']);
		expect(db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()).toEqual(before);
	});
});

describe('reading a statement file', () => {
	it('refuses a file whose signature block is missing', () => {
		expect(() => parseStatementText('Head\n\nTitle\n\nTo\n\nBody', 'Zaur Aliyev')).toThrow(/signatory/);
	});
});
