import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { statement, statementVersion } from '$lib/server/db/schema';
import { seedStatements } from '$lib/server/seed';
import { parseStatementText } from '$lib/server/seed/statement-text';
import { computeContentHash } from '$lib/server/statements/queries';
import { LOCALES } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';
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

	it('holds the statement open and featured, with the issuer named in every language', () => {
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
		expect(names).toMatchObject({
			en: 'European Azerbaijan Center e.V.',
			de: 'Europäisches Aserbaidschan Zentrum e.V.',
			az: 'Avropa Azərbaycan Mərkəzi'
		});
		// Every language names the issuer as its pages name the association.
		for (const l of LOCALES) expect(names[l], l).toBe(translate(l, 'site.name'));
	});

	it('has a translation in every other language of the site, marked unofficial, each with its own hash', () => {
		const db = openTestDb();
		seedStatements(db);
		const versions = db.select().from(statementVersion).all();
		expect(versions.map((v) => v.locale).sort()).toEqual([...LOCALES].sort());
		for (const v of versions) {
			expect(v.official).toBe(v.locale === 'en');
			expect(v.contentHash).toBe(computeContentHash(v));
			expect(v.body.split('\n\n')).toHaveLength(5);
		}
		expect(new Set(versions.map((v) => v.contentHash)).size).toBe(LOCALES.length);
		expect(versions.find((v) => v.locale === 'az')!.title).toMatch(/[əƏıİğşçöü]/);
		expect(versions.find((v) => v.locale === 'tr')!.title).toMatch(/[ıİğşçöü]/);
		expect(versions.find((v) => v.locale === 'ru')!.title).toMatch(/[а-яё]/i);
		expect(versions.find((v) => v.locale === 'fr')!.title).toMatch(/Azerbaïdjan/);
	});

	it('is idempotent and leaves later edits alone', () => {
		const db = openTestDb();
		seedStatements(db);
		db.update(statement).set({ signatureGoal: 10_000 }).run();
		seedStatements(db);
		seedStatements(db);
		expect(db.select().from(statement).all()).toHaveLength(1);
		expect(db.select().from(statementVersion).all()).toHaveLength(LOCALES.length);
		expect(db.select().from(statement).get()!.signatureGoal).toBe(10_000);
	});

	it('adds a language that is missing without touching the others', () => {
		const db = openTestDb();
		seedStatements(db);
		const before = db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()!;
		db.delete(statementVersion).where(eq(statementVersion.locale, 'az')).run();
		seedStatements(db);
		const locales = db.select({ l: statementVersion.locale }).from(statementVersion).all().map((r) => r.l);
		expect(locales.sort()).toEqual([...LOCALES].sort());
		expect(db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()).toEqual(before);
	});
});

describe('a language added to the seed later', () => {
	it('joins a statement whose English text is still the issued one, never one a moderator has edited since', () => {
		const db = openTestDb();
		seedStatements(db);
		const en = db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()!;
		db.delete(statementVersion).where(eq(statementVersion.locale, 'fr')).run();
		// A moderator edits the English text: a new current version, the issued one superseded.
		db.update(statementVersion).set({ supersededAt: new Date() }).where(eq(statementVersion.id, en.id)).run();
		const edited = { ...en, body: `${en.body}\n\nA paragraph added later.` };
		db.insert(statementVersion).values({ ...edited, id: undefined, contentHash: computeContentHash(edited), supersededAt: null }).run();
		seedStatements(db);
		expect(db.select().from(statementVersion).where(eq(statementVersion.locale, 'fr')).all()).toEqual([]);
	});
});

describe('reading a statement file', () => {
	it('refuses a file whose signature block is missing', () => {
		expect(() => parseStatementText('Head\n\nTitle\n\nTo\n\nBody', 'Zaur Aliyev')).toThrow(/signatory/);
	});
});
