import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { statement, statementVersion } from '$lib/server/db/schema';
import { seedStatements } from '$lib/server/seed';
import { createStatement, saveStatementText, updateStatementSettings } from '$lib/server/statements/admin';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { LOCALES } from '$lib/i18n/locales';
import { openTestDb } from './helpers/db';

const CTX = { actor: null, ipHmac: null };
const text = (title: string) => ({
	title,
	addressee: null,
	body: 'A paragraph long enough to be a statement.\n\nAnd a second one, with *emphasis*.',
	closing: 'Respectfully,',
	issuerName: 'European Azerbaijan Center e.V.',
	signatoryTitle: 'Chairman',
	issuedPlace: 'Münster'
});
const SETTINGS = { status: 'open' as const, featured: false, signatureGoal: null, opensAt: null, closesAt: null };

describe('editing statements', () => {
	it('a new statement is a draft that cannot open before every language has a text', () => {
		const db = openTestDb();
		expect(createStatement(db, { slug: 'new-one', signatoryName: 'Zaur Aliyev', issuedOn: '2026-11-01', content: text('New one') }, CTX)).toBe(true);
		expect(createStatement(db, { slug: 'new-one', signatoryName: 'X Y', issuedOn: '2026-11-01', content: text('Again') }, CTX)).toBe(false);
		expect(getPublishedStatement(db, 'new-one', 'en')).toBeNull();
		expect(updateStatementSettings(db, 'new-one', SETTINGS, CTX)).toBe('missing_translations');
		saveStatementText(db, 'new-one', 'de', text('Neu'), false, CTX);
		saveStatementText(db, 'new-one', 'az', text('Yeni'), false, CTX);
		for (const l of LOCALES.filter((l) => !['en', 'de', 'az'].includes(l))) {
			expect(updateStatementSettings(db, 'new-one', SETTINGS, CTX), `still without ${l}`).toBe('missing_translations');
			saveStatementText(db, 'new-one', l, text(`New one (${l})`), false, CTX);
		}
		expect(updateStatementSettings(db, 'new-one', SETTINGS, CTX)).toBe('saved');
		const shown = getPublishedStatement(db, 'new-one', 'de')!;
		expect(shown.bodyHtml).toBe('<p>A paragraph long enough to be a statement.</p>\n<p>And a second one, with <em>emphasis</em>.</p>\n');
		expect(shown.signingOpen).toBe(true);
	});

	it('an open statement stays savable when a language is added to the site, until a moderator translates it', () => {
		const db = openTestDb();
		seedStatements(db);
		db.delete(statementVersion).where(eq(statementVersion.locale, 'fr')).run();
		expect(updateStatementSettings(db, 'mine-contaminated-areas', { ...SETTINGS, signatureGoal: 50_000 }, CTX)).toBe('saved');
		// Its French page shows the English text meanwhile, saying so.
		expect(getPublishedStatement(db, 'mine-contaminated-areas', 'fr')!.locale).toBe('en');
	});

	it('saving a changed text makes a new version and keeps the old one; saving it unchanged does nothing', () => {
		const db = openTestDb();
		seedStatements(db);
		const before = getPublishedStatement(db, 'mine-contaminated-areas', 'de')!;
		const edited = { ...text(before.title), body: 'Ein neuer Absatz, lang genug für eine Erklärung.' };
		expect(saveStatementText(db, 'mine-contaminated-areas', 'de', edited, false, CTX)).toBe(true);
		expect(saveStatementText(db, 'mine-contaminated-areas', 'de', edited, false, CTX)).toBe(false);
		const after = getPublishedStatement(db, 'mine-contaminated-areas', 'de')!;
		expect(after.contentHash).not.toBe(before.contentHash);
		expect(after.paragraphs).toEqual(['Ein neuer Absatz, lang genug für eine Erklärung.']);
		const versions = db.select().from(statementVersion).where(eq(statementVersion.locale, 'de')).all();
		expect(versions).toHaveLength(2);
		expect(versions.find((v) => v.contentHash === before.contentHash)?.supersededAt).not.toBeNull();
	});

	it('strips anything dangerous from the Markdown', () => {
		const db = openTestDb();
		seedStatements(db);
		const body = 'Safe text that is long enough.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1)) <a href="https://ok.example" onclick="x()">ok</a>';
		saveStatementText(db, 'mine-contaminated-areas', 'en', { ...text('T'), body }, true, CTX);
		const html = getPublishedStatement(db, 'mine-contaminated-areas', 'en')!.bodyHtml;
		expect(html).not.toMatch(/<script|<img|\son\w+=|href="javascript/);
		expect(html).toContain('<a href="https://ok.example" rel="noopener noreferrer">ok</a>');
	});

	it('closing, or a closing date in the past, stops signing; only one statement is featured', () => {
		const db = openTestDb();
		seedStatements(db);
		createStatement(db, { slug: 'second', signatoryName: 'Zaur Aliyev', issuedOn: '2026-11-01', content: text('Second') }, CTX);
		expect(updateStatementSettings(db, 'mine-contaminated-areas', { ...SETTINGS, closesAt: new Date('2026-01-01') }, CTX)).toBe('saved');
		expect(getPublishedStatement(db, 'mine-contaminated-areas', 'en')!.signingOpen).toBe(false);
		updateStatementSettings(db, 'mine-contaminated-areas', { ...SETTINGS, status: 'closed' }, CTX);
		expect(getPublishedStatement(db, 'mine-contaminated-areas', 'en')!.signingOpen).toBe(false);
		updateStatementSettings(db, 'second', { ...SETTINGS, status: 'draft', featured: true }, CTX);
		expect(db.select().from(statement).all().filter((s) => s.featured).map((s) => s.slug)).toEqual(['second']);
	});
});
