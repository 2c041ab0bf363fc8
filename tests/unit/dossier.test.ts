import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openReader, type Db } from '$lib/server/db';
import { auditEvent, dossier, statement, statementVersion, statementVersionActivation } from '$lib/server/db/schema';
import { dossierFileResponse } from '$lib/server/dossier/files';
import { anonymiseClosedStatements } from '$lib/server/privacy/retention';
import { dossierFiles } from '$lib/server/dossier/paths';
import { deleteDossier, failInterruptedDossiers, getDossier, makeDossier, requestDossier } from '$lib/server/dossier/produce';
import { saveStatementText } from '$lib/server/statements/admin';
import { resetLedgerKey, signHead } from '$lib/server/ledger/heads';
import { reviewEndorsement } from '$lib/server/endorsements/review';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { withdrawSignature } from '$lib/server/signatures/commands';
import { moderateSignature } from '$lib/server/signatures/moderation';
import { createStaffUser } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';
import { endorse } from './helpers/endorsing';
import { confirmByLink, lastToken, ORIGIN, seededStatement, sign, signatureRows } from './helpers/signing';

const saved = process.env.DATABASE_URL;
let db: Db;

beforeEach(() => {
	db = openTestDb();
	// The ledger's key and the dossiers' files go beside this test's database.
	process.env.DATABASE_URL = db.$client.name;
	resetLedgerKey();
});
afterEach(() => {
	process.env.DATABASE_URL = saved;
	resetLedgerKey();
});

function confirmed(email: string, changes: Record<string, unknown>, at: Date) {
	sign(db, { email, ...changes });
	confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, at);
	return signatureRows(db).find((row) => row.email === email)!;
}

async function make(id: number) {
	const reader = openReader(db.$client.name);
	try {
		await makeDossier(db, reader, id);
	} finally {
		reader.$client.close();
	}
	return getDossier(db, id)!;
}

const text = (pdf: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the delivery dossier', () => {
	it('prints the signed head’s counts, the named signatories by country and never a private one, with the data files it names', async () => {
		const { id: statementId } = seededStatement(db);
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		confirmed('aynur@example.org', { name: 'Aynur Məmmədova', country: 'AZ', city: 'Gəncə' }, new Date('2026-11-20T10:00:00Z'));
		confirmed('ilqar@example.org', { name: 'İlqar Şükürov', country: 'AZ', display: 'initials' }, new Date('2026-11-21T10:00:00Z'));
		confirmed('secret@example.org', { name: 'Gizli Adam', country: 'AZ', display: 'private' }, new Date('2026-11-21T11:00:00Z'));
		confirmed('jurgen@example.org', { name: 'Jürgen Weiß', country: 'DE' }, new Date('2026-11-22T10:00:00Z'));
		const bot = confirmed('bot@example.org', { name: 'Bot Botson', country: 'FR' }, new Date('2026-11-22T11:00:00Z'));
		moderateSignature(db, bot.id, 'invalidate', { actor: admin, reason: 'seen 40 times', reasonCode: 'automated' });
		endorse(db, { name: 'Münster Diaspora e.V.', country: 'DE' });
		const endorsementMail = db.query.mailOutbox.findMany().sync().find((m) => m.payload.confirmLink?.includes('/endorsement/'))!;
		expect(verifyEndorsement(db, endorsementMail.payload.confirmLink!.split('/').pop()!, ORIGIN).status).toBe('verified');
		expect(reviewEndorsement(db, 1, 'approve', { actor: admin, origin: ORIGIN })).toBe(true);

		const asked = requestDossier(db, 'mine-contaminated-areas', { locales: ['az'], withSignatories: true, cutoff: new Date() }, { actor: admin, ipHmac: null });
		expect(asked.ok).toBe(true);
		const id = (asked as { id: number }).id;
		// After the head it is made at: Jürgen withdraws. Counted in the dossier (as the head says), no longer named.
		const jurgenWithdraw = db.query.mailOutbox.findMany().sync().filter((m) => m.to === 'jurgen@example.org' && m.payload.withdrawLink).at(-1)!;
		withdrawSignature(db, jurgenWithdraw.payload.withdrawLink!.split('/').pop()!);
		signHead(db, statementId);

		const made = await make(id);
		expect(made.state).toBe('done');
		expect(made.progress).toBe(100);
		expect(made.signatories).toBe(2);
		const files = dossierFiles('mine-contaminated-areas', id);
		expect(statSync(files.pdf).mode & 0o777).toBe(0o600);
		expect(made.pdfSha256).toBe(sha256(files.pdf));
		expect(made.csvSha256).toBe(sha256(files.csv));

		const words = text(files.pdf);
		// The cover's count is the head's: four counted (the invalidated one not), Jürgen's withdrawal came later.
		expect(words).toMatch(/\b4\s+verified signatures from 2 countries/);
		expect(words).toContain('Aynur Məmmədova, Gəncə');
		expect(words).toContain('İ. Ş.');
		expect(words).not.toContain('İlqar');
		expect(words).not.toContain('Gizli');
		expect(words).not.toContain('Jürgen');
		expect(words).toContain('and 1 signatory not named');
		expect(words).toContain('Münster Diaspora e.V.');
		expect(words).toContain('Automated (bot)');
		// The Azerbaijani text, marked as unofficial, after the authoritative English.
		expect(words).toContain('Unofficial translation');
		expect(words.indexOf('The statement in Azərbaycanca')).toBeGreaterThan(words.indexOf('The authoritative text (English)'));
		const head = db.query.ledgerHead.findFirst({ where: (h, { eq }) => eq(h.id, made.headId) }).sync()!;
		expect(words.replace(/\s+/g, '')).toContain(head.rootHash.toString('hex'));
		expect(words.replace(/\s+/g, '')).toContain(made.csvSha256);

		const csv = readFileSync(files.csv, 'utf8');
		expect(csv.startsWith('\uFEFFkind,name,country')).toBe(true);
		expect(csv).toContain('signatory,Aynur Məmmədova,AZ,Azerbaijan,Gəncə');
		expect(csv).not.toContain('Gizli');
		expect(csv).not.toContain('@');
		const json = JSON.parse(readFileSync(files.json, 'utf8'));
		expect(json.head.treeSize).toBe(made.treeSize);
		expect(json.signatories.map((s: { name: string }) => s.name)).toEqual(['Aynur Məmmədova', 'İ. Ş.']);
		expect(json.organizations.map((o: { name: string }) => o.name)).toEqual(['Münster Diaspora e.V.']);

		const audit = db.select().from(auditEvent).where(eq(auditEvent.action, 'dossier.produce')).all();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorEmail: 'chair@example.org', subjectType: 'dossier', subjectId: String(id) });
	});

	it('is the same file when made again from its head, and smaller without the list', async () => {
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		confirmed('a@example.org', { name: 'Aynur Məmmədova', country: 'AZ' }, new Date('2026-11-20T10:00:00Z'));
		const ctx = { actor: admin, ipHmac: null };
		const first = requestDossier(db, 'mine-contaminated-areas', { locales: [], withSignatories: true, cutoff: new Date() }, ctx) as { id: number };
		const without = requestDossier(db, 'mine-contaminated-areas', { locales: [], withSignatories: false, cutoff: new Date() }, ctx) as { id: number };
		const a = await make(first.id);
		// Signing goes on meanwhile; the dossier is of its head, byte for byte.
		confirmed('b@example.org', { name: 'Bəxtiyar Quliyev', country: 'AZ' }, new Date('2026-11-21T10:00:00Z'));
		const again = await make(first.id);
		expect(again.pdfSha256).toBe(a.pdfSha256);
		expect(again.csvSha256).toBe(a.csvSha256);
		const c = await make(without.id);
		expect(c.headId).toBe(a.headId);
		expect(c.pdfBytes).toBeLessThan(a.pdfBytes!);
		expect(text(dossierFiles('mine-contaminated-areas', without.id).pdf)).not.toContain('Aynur');
		// Its data files name nobody either: they are what the dossier shows.
		expect(c.signatories).toBe(0);
		expect(readFileSync(dossierFiles('mine-contaminated-areas', without.id).csv, 'utf8')).not.toContain('Aynur');
		expect(text(dossierFiles('mine-contaminated-areas', first.id).pdf)).not.toContain('Bəxtiyar');
	});

	it('refuses a cut-off in the future, before any signed head, or for a draft; a past cut-off takes the head signed before it', async () => {
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		const { id: statementId } = seededStatement(db);
		const ctx = { actor: admin, ipHmac: null };
		const ask = (cutoff: Date) => requestDossier(db, 'mine-contaminated-areas', { locales: ['de'], withSignatories: false, cutoff }, ctx);
		expect(ask(new Date(Date.now() + 3600_000))).toEqual({ ok: false, error: 'future' });
		expect(ask(new Date('2026-01-01T00:00:00Z'))).toEqual({ ok: false, error: 'noHead' });
		expect(ask(new Date())).toEqual({ ok: false, error: 'empty' });
		expect(requestDossier(db, 'no-such-statement', { locales: [], withSignatories: false, cutoff: new Date() }, ctx)).toEqual({ ok: false, error: 'notFound' });
		confirmed('a@example.org', {}, new Date('2026-11-20T10:00:00Z'));
		const early = signHead(db, statementId, new Date('2026-11-20T12:00:00Z'))!;
		confirmed('b@example.org', {}, new Date('2026-11-21T10:00:00Z'));
		signHead(db, statementId, new Date('2026-11-21T12:00:00Z'));
		const past = ask(new Date('2026-11-21T00:00:00Z')) as { id: number };
		const row = db.select().from(dossier).where(eq(dossier.id, past.id)).get()!;
		const made = await make(past.id);
		expect(made.treeSize).toBe(early.treeSize);
		expect(row.locales).toEqual(['en', 'de']);
	});

	it('loses its files when an administrator deletes it, audited, and so does every dossier of a statement anonymised after closing', async () => {
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		const { id: statementId } = seededStatement(db);
		confirmed('a@example.org', { name: 'Aynur Məmmədova', country: 'AZ' }, new Date('2026-11-20T10:00:00Z'));
		const ctx = { actor: admin, ipHmac: null };
		const ask = () => (requestDossier(db, 'mine-contaminated-areas', { locales: [], withSignatories: true, cutoff: new Date() }, ctx) as { id: number }).id;
		const [first, second] = [ask(), ask()];
		await make(first);
		await make(second);
		expect(dossierFileResponse(db, 'mine-contaminated-areas', first, 'csv')).not.toBeNull();
		expect(deleteDossier(db, 'other-statement', first, ctx)).toBe(false);
		expect(deleteDossier(db, 'mine-contaminated-areas', first, ctx)).toBe(true);
		expect(getDossier(db, first)!.state).toBe('deleted');
		for (const file of Object.values(dossierFiles('mine-contaminated-areas', first))) expect(existsSync(file)).toBe(false);
		expect(dossierFileResponse(db, 'mine-contaminated-areas', first, 'csv')).toBeNull();
		expect(db.select().from(auditEvent).where(eq(auditEvent.action, 'dossier.delete')).all()).toHaveLength(1);
		// The statement closes; months later its personal data is anonymised, and the other dossier's files go with it.
		db.update(statement).set({ status: 'closed', closedAt: new Date('2026-01-01T00:00:00Z') }).where(eq(statement.id, statementId)).run();
		anonymiseClosedStatements(db, 1, new Date('2026-12-01T00:00:00Z'));
		expect(getDossier(db, second)!.state).toBe('deleted');
		expect(existsSync(dossierFiles('mine-contaminated-areas', second).pdf)).toBe(false);
	});
	it('prints each text as it stood at its head, also after a text was edited back to an earlier version', async () => {
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		const { id: statementId } = seededStatement(db);
		db.update(statementVersionActivation).set({ activatedAt: new Date('2026-11-01T00:00:00Z') }).run();
		const ctx = { actor: admin, ipHmac: null };
		const first = db.select().from(statementVersion).where(eq(statementVersion.locale, 'en')).get()!;
		const content = { title: first.title, addressee: first.addressee, body: first.body, closing: first.closing, issuerName: first.issuerName, signatoryTitle: first.signatoryTitle, issuedPlace: first.issuedPlace };
		confirmed('a@example.org', {}, new Date('2026-11-20T10:00:00Z'));
		saveStatementText(db, 'mine-contaminated-areas', 'en', { ...content, title: 'A second wording of the call' }, true, ctx, new Date('2026-11-21T00:00:00Z'));
		signHead(db, statementId, new Date('2026-11-22T12:00:00Z'));
		saveStatementText(db, 'mine-contaminated-areas', 'en', content, true, ctx, new Date('2026-11-23T00:00:00Z'));
		confirmed('b@example.org', {}, new Date('2026-11-24T10:00:00Z'));
		signHead(db, statementId, new Date('2026-11-24T12:00:00Z'));
		const ask = (cutoff: Date) => (requestDossier(db, 'mine-contaminated-areas', { locales: [], withSignatories: false, cutoff }, ctx) as { id: number }).id;
		const [then, now] = [ask(new Date('2026-11-23T12:00:00Z')), ask(new Date('2026-11-25T00:00:00Z'))];
		await make(then);
		await make(now);
		const printed = (id: number) => text(dossierFiles('mine-contaminated-areas', id).pdf).replace(/\s+/g, ' ');
		expect(printed(then)).toContain('A second wording of the call');
		expect(printed(now)).not.toContain('A second wording of the call');
		expect(printed(now)).toContain(first.title.split(' ').slice(0, 3).join(' '));
	});

	it('stops, keeping no files, when the server marked it failed while it was made (a child left behind by a restart)', async () => {
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		confirmed('a@example.org', { name: 'Aynur Məmmədova', country: 'AZ' }, new Date('2026-11-20T10:00:00Z'));
		const { id } = requestDossier(db, 'mine-contaminated-areas', { locales: [], withSignatories: true, cutoff: new Date() }, { actor: admin, ipHmac: null }) as { id: number };
		const made = make(id);
		// The server restarts while the dossier is being made: the row is marked failed, the old process goes on.
		expect(failInterruptedDossiers(db)).toBe(1);
		await expect(made).rejects.toThrow();
		const row = getDossier(db, id)!;
		expect(row.state).toBe('failed');
		expect(row.error).toBe('the server stopped while it was made');
		expect(row.pdfSha256).toBeNull();
		for (const file of Object.values(dossierFiles('mine-contaminated-areas', id))) expect(existsSync(file)).toBe(false);
	});
	it('prints names written in Arabic, Hebrew, Georgian or Armenian script in a font that has their letters', async () => {
		const admin = await createStaffUser(db, { email: 'chair@example.org', name: 'Chair', role: 'admin' });
		const names = { IR: 'محمد علی رضایی', IL: 'דוד לוי', GE: 'გიორგი ბერიძე', AM: 'Արամ Սարգսյան', AZ: 'Aynur Məmmədova' };
		for (const [country, name] of Object.entries(names)) confirmed(`${country}@example.org`, { name, country }, new Date('2026-11-20T10:00:00Z'));
		const { id } = requestDossier(db, 'mine-contaminated-areas', { locales: [], withSignatories: true, cutoff: new Date() }, { actor: admin, ipHmac: null }) as { id: number };
		await make(id);
		const pdf = dossierFiles('mine-contaminated-areas', id).pdf;
		const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
		for (const family of ['NotoSansArabic', 'NotoSansHebrew', 'NotoSansGeorgian', 'NotoSansArmenian', 'SourceSans3']) expect(fonts).toContain(family);
		const words = text(pdf);
		expect(words).toContain('გიორგი ბერიძე');
		expect(words).toContain('Արամ Սարգսյան');
		expect(words).toContain('Aynur Məmmədova');
	});
});
