import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getCounts, getOrganizationCountsByCountry } from '$lib/server/statements/counters';
import { auditEvent, endorsement, mailOutbox } from '$lib/server/db/schema';
import { getEndorsementSignals, isSimilarName, listEndorsementsForReview } from '$lib/server/endorsements/review-queue';
import { editEndorsement, reviewEndorsement } from '$lib/server/endorsements/review';
import { getEndorsement } from '$lib/server/endorsements/queries';
import { dropOldEndorsementIpHmacs, purgeExpiredEndorsements, verifyEndorsement, withdrawEndorsement } from '$lib/server/endorsements/commands';
import { listNewestEndorsers, listPublicEndorsers, nextPageQuery, readPublicEndorserQuery } from '$lib/server/endorsements/public-list';
import { renderMail } from '$lib/server/mail/templates';
import { saveSettings, getSettings } from '$lib/server/settings';
import { createStaffUser } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';
import { endorse, endorsementInput } from './helpers/endorsing';
import { ORIGIN, seededStatement } from './helpers/signing';

const MOD = { actor: { id: 0, email: 'mod@eaz.example' }, origin: ORIGIN, ipHmac: 'h' };

type TestDb = ReturnType<typeof openTestDb>;

// Audit entries point at a real account.
beforeEach(async () => {
	MOD.actor.id = 0;
});

async function withModerator(db: TestDb) {
	const user = await createStaffUser(db, { email: 'mod@eaz.example', name: 'Mod', role: 'moderator' });
	MOD.actor.id = user.id;
	return db;
}

function rows(db: TestDb) {
	return db.select().from(endorsement).all();
}

function lastMail(db: TestDb) {
	return db.select().from(mailOutbox).all().at(-1)!;
}

function tokenOf(link: string) {
	return link.split('/').pop()!;
}

/** Submitted and confirmed by its contact: waiting in the moderators' queue. Returns the row id. */
function endorseAndVerify(db: TestDb, changes: Record<string, unknown> = {}): number {
	endorse(db, changes);
	const token = tokenOf(lastMail(db).payload.confirmLink);
	expect(verifyEndorsement(db, token, ORIGIN).status).toBe('verified');
	return rows(db).at(-1)!.id;
}

describe('an organization endorses a statement', () => {
	it('waits for its email, then for a moderator, and counts only once approved', async () => {
		const db = await withModerator(openTestDb());
		const statement = seededStatement(db);
		expect(endorse(db)).toBe('created');
		const [row] = rows(db);
		expect(row).toMatchObject({ state: 'pending_email', websiteDomain: 'mineaction.example', contactEmailDomain: 'mineaction.example', locale: 'de' });
		const confirm = lastMail(db);
		expect(confirm).toMatchObject({ to: 'jana@mineaction.example', template: 'endorse_confirm', locale: 'de' });
		expect(confirm.payload.withdrawLink).toMatch(/\/de\/endorsement\/withdraw\/[\w-]{32}$/);

		// A mail scanner's GET changes nothing; the POST moves it to review.
		expect(verifyEndorsement(db, tokenOf(confirm.payload.confirmLink), ORIGIN)).toEqual({ status: 'verified', statementId: statement.id });
		expect(verifyEndorsement(db, tokenOf(confirm.payload.confirmLink), ORIGIN).status).toBe('invalid');
		expect(getEndorsement(db, row.id)?.state).toBe('pending_review');
		expect(lastMail(db).template).toBe('endorse_received');
		expect(getCounts(db, statement.id).organizations).toBe(0);
		expect(listPublicEndorsers(db, statement.id).endorsers).toEqual([]);

		expect(reviewEndorsement(db, row.id, 'approve', MOD)).toBe(true);
		expect(getCounts(db, statement.id).organizations).toBe(1);
		expect(getOrganizationCountsByCountry(db, statement.id)).toEqual([{ country: 'DE', organizations: 1 }]);
		expect(lastMail(db)).toMatchObject({ template: 'endorse_approved', to: 'jana@mineaction.example' });
		expect(reviewEndorsement(db, row.id, 'approve', MOD)).toBe(false);

		const [shown] = listPublicEndorsers(db, statement.id).endorsers;
		expect(shown).toMatchObject({ name: 'Mine Action Review e.V.', type: 'ngo', country: 'DE', city: 'Köln', website: 'https://www.mineaction.example/about' });
		expect(JSON.stringify(shown)).not.toMatch(/jana|Becker|Press officer/i);
		expect(listNewestEndorsers(db, statement.id, 5)).toHaveLength(1);
	});

	it('can be withdrawn by its contact with the link in every email, and then no longer counts', async () => {
		const db = await withModerator(openTestDb());
		const statement = seededStatement(db);
		const id = endorseAndVerify(db);
		reviewEndorsement(db, id, 'approve', MOD);
		const withdrawLink = lastMail(db).payload.withdrawLink;
		expect(db.select().from(mailOutbox).all().every((m) => m.payload.withdrawLink === withdrawLink)).toBe(true);
		expect(withdrawEndorsement(db, tokenOf(withdrawLink)).status).toBe('withdrawn');
		expect(getCounts(db, statement.id).organizations).toBe(0);
		expect(lastMail(db).template).toBe('endorse_withdrawn');
		expect(withdrawEndorsement(db, tokenOf(withdrawLink)).status).toBe('invalid');
		expect(withdrawEndorsement(db, 'x'.repeat(32)).status).toBe('invalid');
	});

	it('is rejected only with a reason, which the email carries in the contact\'s language', async () => {
		const db = await withModerator(openTestDb());
		const id = endorseAndVerify(db);
		expect(reviewEndorsement(db, id, 'reject', MOD)).toBe(false);
		expect(reviewEndorsement(db, id, 'reject', { ...MOD, reason: 'unverifiable', note: 'Wir fanden keinen Registereintrag.' })).toBe(true);
		const mail = lastMail(db);
		expect(mail.template).toBe('endorse_rejected');
		const rendered = renderMail('endorse_rejected', 'de', mail.payload);
		expect(rendered.subject).toBe('Wir konnten die Unterstützung Ihrer Organisation nicht veröffentlichen');
		expect(rendered.text).toContain('Grund: Wir konnten nicht prüfen, dass die Organisation wie angegeben besteht.');
		expect(rendered.text).toContain('Wir fanden keinen Registereintrag.');
		expect(getEndorsement(db, id)).toMatchObject({ state: 'rejected', decisionReason: 'unverifiable' });

		// Every decision can be taken back.
		expect(reviewEndorsement(db, id, 'reopen', MOD)).toBe(true);
		expect(getEndorsement(db, id)).toMatchObject({ state: 'pending_review', decisionReason: null });
		const audit = db.select().from(auditEvent).where(eq(auditEvent.subjectType, 'endorsement')).all();
		expect(audit.map((a) => a.action)).toEqual(['endorsement.reject', 'endorsement.reopen']);
	});

	it('is removed by a moderator with a reason, off the count, and told so', async () => {
		const db = await withModerator(openTestDb());
		const statement = seededStatement(db);
		const id = endorseAndVerify(db);
		reviewEndorsement(db, id, 'approve', MOD);
		expect(reviewEndorsement(db, id, 'remove', { ...MOD, reason: 'request' })).toBe(true);
		expect(getCounts(db, statement.id).organizations).toBe(0);
		expect(renderMail('endorse_removed', 'en', lastMail(db).payload).text).toContain("Reason: At the organization's request.");
		expect(reviewEndorsement(db, id, 'reopen', MOD)).toBe(true);
		expect(reviewEndorsement(db, id, 'approve', MOD)).toBe(true);
		expect(getCounts(db, statement.id).organizations).toBe(1);
	});

	it('has its typing errors corrected by a moderator, with before and after in the log and the country count moved', async () => {
		const db = await withModerator(openTestDb());
		const statement = seededStatement(db);
		const id = endorseAndVerify(db);
		reviewEndorsement(db, id, 'approve', MOD);
		const edit = endorsementInput({ name: 'Mine Action Review e. V.', country: 'AT', website: 'https://mar.example.at' });
		expect(editEndorsement(db, id, edit, MOD)).toBe(true);
		expect(getEndorsement(db, id)).toMatchObject({ name: 'Mine Action Review e. V.', country: 'AT', websiteDomain: 'example.at' });
		expect(getOrganizationCountsByCountry(db, statement.id)).toEqual([{ country: 'AT', organizations: 1 }]);
		const logged = db.select().from(auditEvent).where(eq(auditEvent.action, 'endorsement.edit')).get()!;
		expect(logged.before).toEqual({ name: 'Mine Action Review e.V.', country: 'DE', website: 'https://www.mineaction.example/about' });
		expect(logged.after).toEqual({ name: 'Mine Action Review e. V.', country: 'AT', website: 'https://mar.example.at/' });
	});

	it('sent twice by the same contact is one row and one more email, never a second endorsement', async () => {
		const db = await withModerator(openTestDb());
		expect(endorse(db)).toBe('created');
		expect(endorse(db)).toBe('resent');
		expect(endorse(db)).toBe('resent');
		expect(endorse(db)).toBe('unchanged');
		expect(rows(db)).toHaveLength(1);
		verifyEndorsement(db, tokenOf(lastMail(db).payload.confirmLink), ORIGIN);
		expect(endorse(db)).toBe('unchanged');
		expect(rows(db)[0].state).toBe('pending_review');
	});

	it('sent again once confirmed, it changes nothing and the contact is told where it stands, with the withdrawal link', async () => {
		const db = await withModerator(openTestDb());
		endorse(db);
		verifyEndorsement(db, tokenOf(lastMail(db).payload.confirmLink), ORIGIN);
		const withdrawLink = lastMail(db).payload.withdrawLink;
		expect(endorse(db, { contactName: 'Someone Else' }, { locale: 'fr' })).toBe('reminded');
		const waiting = lastMail(db);
		expect(waiting).toMatchObject({ template: 'endorse_already', locale: 'fr' });
		expect(waiting.payload).toMatchObject({ name: rows(db)[0].contactName, organization: 'Mine Action Review e.V.', stage: 'review' });
		expect(tokenOf(waiting.payload.withdrawLink)).toBe(tokenOf(withdrawLink));
		expect(renderMail('endorse_already', 'fr', waiting.payload).text).toContain('attend l’examen de nos modérateurs');

		// One a week at most, whoever sends the form.
		expect(endorse(db)).toBe('unchanged');
		reviewEndorsement(db, rows(db)[0].id, 'approve', MOD);
		expect(endorse(db, {}, { now: new Date(Date.now() + 8 * 86_400_000) })).toBe('reminded');
		const published = lastMail(db);
		expect(published.payload.stage).toBe('published');
		const mail = renderMail('endorse_already', 'en', published.payload);
		expect(mail.subject).toBe('You have already sent this endorsement');
		expect(mail.text).toContain('published and counted already');
		expect(mail.links).toEqual([published.payload.statementLink, published.payload.withdrawLink]);
		expect(rows(db)).toMatchObject([{ state: 'approved', contactName: rows(db)[0].contactName }]);
		expect(db.select().from(mailOutbox).all().filter((m) => m.template === 'endorse_already')).toHaveLength(2);
	});

	it('is deleted when its confirmation link expires unused', async () => {
		const db = await withModerator(openTestDb());
		endorse(db, {}, { now: new Date('2026-11-01T10:00:00Z') });
		expect(purgeExpiredEndorsements(db, new Date('2026-11-03T10:00:00Z'))).toBe(0);
		expect(purgeExpiredEndorsements(db, new Date('2026-11-05T10:00:00Z'))).toBe(1);
		expect(rows(db)).toHaveLength(0);
	});

	it('goes, with its hashed address, a batch at a time when the jobs work through many', async () => {
		const db = await withModerator(openTestDb());
		const then = new Date('2026-11-01T10:00:00Z');
		for (let i = 0; i < 3; i++) endorse(db, { name: `Organization ${i}`, contactEmail: `contact${i}@mineaction.example` }, { now: then, ipHmac: `ip${i}` });
		const week = new Date(then.getTime() + 8 * 86_400_000);
		expect(dropOldEndorsementIpHmacs(db, week, 2)).toBe(2);
		expect(dropOldEndorsementIpHmacs(db, week, 2)).toBe(1);
		expect(purgeExpiredEndorsements(db, week, 2)).toBe(2);
		expect(purgeExpiredEndorsements(db, week, 2)).toBe(1);
		expect(rows(db)).toHaveLength(0);
	});
});

describe('what moderators are shown about an endorsement', () => {
	it('tells whether the contact writes from the website\'s domain, a free-mail or a throwaway address', async () => {
		const db = await withModerator(openTestDb());
		const own = endorseAndVerify(db);
		const subdomain = endorseAndVerify(db, { name: 'Second', contactEmail: 'press@mail.mineaction.example' });
		const gmail = endorseAndVerify(db, { name: 'Third', contactEmail: 'mineaction@gmail.com' });
		const throwaway = endorseAndVerify(db, { name: 'Fourth', contactEmail: 'x@mailinator.com' });
		const noSite = endorseAndVerify(db, { name: 'Fifth', website: '', contactEmail: 'a@fifth.example' });
		const signals = (id: number) => getEndorsementSignals(db, getEndorsement(db, id)!);
		expect(signals(own)).toMatchObject({ domain: 'match', freeMail: false, disposable: false, blocklisted: false });
		expect(signals(subdomain).domain).toBe('match');
		expect(signals(gmail)).toMatchObject({ domain: 'mismatch', freeMail: true, disposable: false });
		expect(signals(throwaway)).toMatchObject({ domain: 'mismatch', disposable: true });
		expect(signals(noSite).domain).toBe('no_website');
		saveSettings(db, { ...getSettings(db), domainBlocklist: ['fifth.example'] }, MOD.actor, null);
		expect(signals(noSite).blocklisted).toBe(true);
	});

	it('points to organizations with a similar name, published or waiting', async () => {
		const db = await withModerator(openTestDb());
		const first = endorseAndVerify(db, { name: 'Azərbaycan Diaspor Birliyi', contactEmail: 'a@one.example' });
		reviewEndorsement(db, first, 'approve', MOD);
		const second = endorseAndVerify(db, { name: 'Azerbaycan Diaspor Birliyi e.V.', contactEmail: 'b@two.example' });
		const unrelated = endorseAndVerify(db, { name: 'Landmine Survivors Network', contactEmail: 'c@three.example' });
		const queue = listEndorsementsForReview(db, { state: 'pending_review' });
		expect(queue.map((q) => q.row.id)).toEqual([second, unrelated]);
		expect(queue[0].signals.similar).toEqual([{ id: first, name: 'Azərbaycan Diaspor Birliyi', state: 'approved' }]);
		expect(queue[1].signals.similar).toEqual([]);
		expect(listEndorsementsForReview(db, { state: 'all', q: '@two.example' }).map((q) => q.row.id)).toEqual([second]);
		expect(listEndorsementsForReview(db, { state: 'all', q: 'diaspor' })).toHaveLength(2);
	});

	it('compares names without case, accents, punctuation or legal forms', () => {
		expect(isSimilarName('Mine Action Review e.V.', 'MINE ACTION REVIEW')).toBe(true);
		expect(isSimilarName('Mine Actoin Review', 'Mine Action Review')).toBe(true);
		expect(isSimilarName('Halo Trust', 'The HALO Trust')).toBe(true);
		expect(isSimilarName('Halo Trust', 'Landmine Monitor')).toBe(false);
		expect(isSimilarName('ANAMA', 'AMANA')).toBe(false);
	});
});

describe('a partner site pages through the organizations JSON', () => {
	it('gets a next link made of the parameters it understood, never of what else a request sent', () => {
		const query = readPublicEndorserQuery(new URLSearchParams('country=DE&type=ngo&limit=2&callback=<script>&country2=x&after=abc'));
		expect(query).toEqual({ country: 'DE', type: 'ngo', after: 'abc', limit: 2 });
		expect(String(nextPageQuery(query, 'YQ.3'))).toBe('country=DE&type=ngo&limit=2&after=YQ.3');
		const odd = readPublicEndorserQuery(new URLSearchParams('country=<b>&type=cult&limit=99999'));
		expect(String(nextPageQuery(odd, 'YQ.3'))).toBe('limit=500&after=YQ.3');
		expect(readPublicEndorserQuery(new URLSearchParams('limit=-4')).limit).toBe(1);
	});
});
