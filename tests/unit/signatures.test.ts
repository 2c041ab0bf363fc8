import { describe, expect, it } from 'vitest';
import { getCounts, getCountsByCountry } from '$lib/server/statements/counters';
import { signature } from '$lib/server/db/schema';
import { confirm, MAX_CONFIRMATION_EMAILS, unsubscribeFromUpdates, dropOldIpHmacs, purgeExpiredPending, withdrawSignature } from '$lib/server/signatures/commands';
import { getSignatureByConfirmToken, getSignatureByUnsubscribeToken } from '$lib/server/signatures/queries';
import { drainInBatches } from '$lib/server/jobs';
import { listPublicSignatories } from '$lib/server/signatures/public-list';
import { renderMail } from '$lib/server/mail/templates';
import { mayMailRecipient } from '$lib/server/abuse/limits';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, mailsTo, ORIGIN, sign, signatureRows } from './helpers/signing';

describe('Ayla signs the statement', () => {
	it('is stored pending with hashed tokens and a queued confirmation email, and not yet counted', () => {
		const db = openTestDb();
		expect(sign(db)).toBe('created');
		const [row] = signatureRows(db);
		expect(row).toMatchObject({ state: 'pending', emailCanonical: 'ayla@example.org', publicName: 'Ayla Məmmədova', consentVersion: expect.any(String) });
		const token = lastToken(db, 'confirm');
		expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(row.confirmTokenHash).not.toContain(token);
		expect(JSON.stringify(row)).not.toContain(token);
		expect(mailsTo(db, 'ayla@example.org')[0]).toMatchObject({ template: 'confirm', locale: 'en', state: 'pending' });
		expect(getCounts(db, row.statementId).signatures).toBe(0);
	});

	it('counts one person once, whatever the spelling of the address', () => {
		const db = openTestDb();
		sign(db, { email: 'A.yla+petition@gmail.com' });
		sign(db, { email: 'ayla@googlemail.com' });
		sign(db, { email: 'AYLA@gmail.com' });
		expect(signatureRows(db)).toHaveLength(1);
	});

	it('sends at most three confirmation emails to a pending signature', () => {
		const db = openTestDb();
		const outcomes = Array.from({ length: 5 }, () => sign(db));
		expect(outcomes).toEqual(['created', 'resent', 'resent', 'unchanged', 'unchanged']);
		expect(mailsTo(db, 'ayla@example.org')).toHaveLength(MAX_CONFIRMATION_EMAILS);
	});

	it('confirms through the group commit: the same link pressed twice at once counts once', async () => {
		const db = openTestDb();
		sign(db);
		const token = lastToken(db, 'confirm');
		const outcomes = await Promise.all([confirm(db, token, ORIGIN), confirm(db, token, ORIGIN), confirm(db, 'not a token', ORIGIN)]);
		expect(outcomes.map((o) => o.status)).toEqual(['confirmed', 'invalid', 'invalid']);
		expect(getCounts(db, signatureRows(db)[0].statementId).signatures).toBe(1);
		expect(mailsTo(db, 'ayla@example.org').map((m) => m.template)).toEqual(['confirm', 'thanks']);
	});

	it('confirms with a POST, counts, spends the link and queues a thank-you email', () => {
		const db = openTestDb();
		sign(db, { country: 'DE' });
		const token = lastToken(db, 'confirm');
		expect(getSignatureByConfirmToken(db, token)?.state).toBe('pending');
		const outcome = confirmByLink(db, token, ORIGIN);
		expect(outcome.status).toBe('confirmed');
		const [row] = signatureRows(db);
		expect(row.state).toBe('confirmed');
		expect(getCounts(db, row.statementId).signatures).toBe(1);
		expect(getCountsByCountry(db, row.statementId)).toEqual([{ country: 'DE', signatures: 1 }]);
		expect(confirmByLink(db, token, ORIGIN).status).toBe('invalid');
		expect(getCounts(db, row.statementId).signatures).toBe(1);
		const thanks = mailsTo(db, 'ayla@example.org').find((m) => m.template === 'thanks')!;
		expect(thanks.payload.withdrawLink).toMatch(`${ORIGIN}/en/withdraw/`);
	});

	it('refuses a confirmation link older than 72 hours', () => {
		const db = openTestDb();
		const then = new Date('2026-11-01T10:00:00Z');
		sign(db, {}, { now: then });
		const token = lastToken(db, 'confirm');
		const late = new Date(then.getTime() + 72 * 3600_000 + 1);
		expect(confirmByLink(db, token, ORIGIN, late).status).toBe('expired');
		expect(signatureRows(db)[0].state).toBe('pending');
	});

	it('withdraws: no longer counted or listed, and a short email says so', () => {
		const db = openTestDb();
		sign(db);
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		const statementId = signatureRows(db)[0].statementId;
		expect(listPublicSignatories(db, statementId).signatories).toHaveLength(1);
		expect(withdrawSignature(db, lastToken(db, 'withdraw')).status).toBe('withdrawn');
		expect(getCounts(db, statementId).signatures).toBe(0);
		expect(getCountsByCountry(db, statementId)).toEqual([]);
		expect(listPublicSignatories(db, statementId).signatories).toHaveLength(0);
		expect(mailsTo(db, 'ayla@example.org').map((m) => m.template)).toEqual(['confirm', 'thanks', 'withdrawn']);
	});

	it('the withdrawal link of the confirmation email still works after confirming', () => {
		const db = openTestDb();
		sign(db);
		const fromFirstEmail = lastToken(db, 'withdraw');
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		expect(lastToken(db, 'withdraw')).toBe(fromFirstEmail);
		expect(withdrawSignature(db, fromFirstEmail).status).toBe('withdrawn');
	});

	it('a withdrawn address that signs again goes back to pending with new tokens', () => {
		const db = openTestDb();
		sign(db);
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		withdrawSignature(db, lastToken(db, 'withdraw'));
		expect(sign(db, { name: 'Ayla M.' })).toBe('renewed');
		const [row] = signatureRows(db);
		expect(row).toMatchObject({ state: 'pending', name: 'Ayla M.', confirmEmailsSent: 1 });
		expect(confirmByLink(db, lastToken(db, 'confirm'), ORIGIN).status).toBe('confirmed');
		expect(getCounts(db, row.statementId).signatures).toBe(1);
	});

	it('a confirmed signer who signs again changes nothing, and is told so by email with the receipt and the withdrawal link', async () => {
		const db = openTestDb();
		sign(db, { updates: 'on' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		const withdrawFromThanks = lastToken(db, 'withdraw');
		expect(sign(db, { name: 'Somebody Else', email: 'AYLA@example.org' }, { locale: 'de' })).toBe('reminded');
		const [row] = signatureRows(db);
		expect(row).toMatchObject({ state: 'confirmed', name: 'Ayla Məmmədova', confirmEmailsSent: 1 });
		expect(getCounts(db, row.statementId).signatures).toBe(1);

		const mails = mailsTo(db, 'ayla@example.org');
		expect(mails.map((m) => m.template)).toEqual(['confirm', 'thanks', 'already_signed']);
		const reminder = mails[2];
		expect(reminder).toMatchObject({ locale: 'de', state: 'pending' });
		// The stored name, not the one typed now; the receipt and the links that already work.
		expect(reminder.payload).toMatchObject({ name: 'Ayla Məmmədova', receipt: row.receipt, ledgerLink: `${ORIGIN}/de/statements/mine-contaminated-areas/ledger/check?receipt=${row.receipt}` });
		expect(reminder.payload.withdrawLink).toBe(`${ORIGIN}/de/withdraw/${withdrawFromThanks}`);
		expect(reminder.payload.unsubscribeLink).toMatch(new RegExp(`^${ORIGIN}/de/unsubscribe/`));
		const mail = renderMail('already_signed', 'de', reminder.payload);
		expect(mail.subject).toBe('Sie haben bereits unterschrieben');
		expect(mail.text).toContain(row.receipt!);
		expect(mail.links).toEqual([reminder.payload.ledgerLink, reminder.payload.withdrawLink, reminder.payload.unsubscribeLink]);
		expect(withdrawSignature(db, withdrawFromThanks).status).toBe('withdrawn');
	});

	it('someone typing a signer\'s address again and again gets them one reminder a week, and takes nothing from their other mail', () => {
		const db = openTestDb();
		const start = new Date('2026-11-02T10:00:00Z');
		sign(db, {}, { now: start });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, start);
		const at = (days: number, n: number) => new Date(start.getTime() + days * 86_400_000 + n * 60_000);
		const outcomes = Array.from({ length: 12 }, (_, n) => sign(db, {}, { now: at(0, n + 1) }));
		expect(outcomes).toEqual(['reminded', ...Array(11).fill('unchanged')]);
		expect(sign(db, {}, { now: at(6, 0) })).toBe('unchanged');
		expect(sign(db, {}, { now: at(7, 1) })).toBe('reminded');
		expect(mailsTo(db, 'ayla@example.org').filter((m) => m.template === 'already_signed')).toHaveLength(2);
		// The day's per-address allowance still has room for a data request (3 a day: the confirmation and one reminder used two).
		expect(db.transaction((tx) => mayMailRecipient(tx, 'ayla@example.org', [], at(0, 30).getTime()))).toBe(true);
	});

	it('a rejected signer who signs again is told nothing: the email would say it counts', () => {
		const db = openTestDb();
		sign(db);
		db.update(signature).set({ state: 'rejected' }).run();
		expect(sign(db)).toBe('unchanged');
		expect(mailsTo(db, 'ayla@example.org').map((m) => m.template)).toEqual(['confirm']);
	});

	it('purges pending signatures whose link expired, and nothing else', () => {
		const db = openTestDb();
		const then = new Date('2026-11-01T10:00:00Z');
		sign(db, { email: 'old@example.org' }, { now: then });
		sign(db, { email: 'confirmed@example.org' }, { now: then });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, then);
		sign(db, { email: 'fresh@example.org' });
		expect(purgeExpiredPending(db, new Date(then.getTime() + 73 * 3600_000))).toBe(1);
		expect(signatureRows(db).map((r) => r.emailCanonical).sort()).toEqual(['confirmed@example.org', 'fresh@example.org']);
	});

	it('purges and forgets hashed addresses a batch at a time when asked to', async () => {
		const db = openTestDb();
		const then = new Date('2026-11-01T10:00:00Z');
		for (let i = 0; i < 5; i++) sign(db, { email: `old${i}@example.org` }, { now: then, ipHmac: `hmac${i}` });
		const later = new Date(then.getTime() + 8 * 24 * 3600_000);
		expect(dropOldIpHmacs(db, later, 2)).toBe(2);
		expect(signatureRows(db).filter((r) => r.ipHmac !== null)).toHaveLength(3);
		expect(await drainInBatches((n) => dropOldIpHmacs(db, later, n), () => false, 2, 0)).toBe(3);
		expect(signatureRows(db).filter((r) => r.ipHmac !== null)).toEqual([]);
		expect(purgeExpiredPending(db, later, 3)).toBe(3);
		expect(signatureRows(db)).toHaveLength(2);
		expect(purgeExpiredPending(db, later, 3)).toBe(2);
		expect(signatureRows(db)).toEqual([]);
	});

	it('drains in batches until a batch comes back short, or the server stops', async () => {
		const sizes = [3, 3, 1, 3];
		const asked: number[] = [];
		expect(await drainInBatches((n) => (asked.push(n), sizes.shift()!), () => false, 3, 0)).toBe(7);
		expect(asked).toEqual([3, 3, 3]);
		let calls = 0;
		expect(await drainInBatches(() => (calls++, 3), () => calls >= 2, 3, 0)).toBe(6);
	});

	it('lists by the chosen display, searches the public name only, pages by keyset', () => {
		const db = openTestDb();
		const people = [
			['İlkin Əliyev', 'full', 'AZ'],
			['Ilkin Aliyev', 'full', 'DE'],
			['Secret Person', 'private', 'DE'],
			['Zoë Müller', 'initials', 'DE']
		] as const;
		people.forEach(([name, display, country], i) => {
			sign(db, { name, display, country, email: `p${i}@example.org` });
			confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, new Date(Date.UTC(2026, 10, 1, 10, i)));
		});
		const statementId = signatureRows(db)[0].statementId;
		const all = listPublicSignatories(db, statementId);
		expect(all.signatories.map((s) => s.name)).toEqual(['Z. M.', 'Ilkin Aliyev', 'İlkin Əliyev']);
		expect(listPublicSignatories(db, statementId, { q: 'ilkin' }).signatories).toHaveLength(2);
		expect(listPublicSignatories(db, statementId, { q: 'ƏLİYEV' }).signatories.map((s) => s.name)).toEqual(['İlkin Əliyev']);
		expect(listPublicSignatories(db, statementId, { q: 'eliyev' }).signatories).toHaveLength(1);
		expect(listPublicSignatories(db, statementId, { q: 'Zoë' }).signatories).toHaveLength(0);
		expect(listPublicSignatories(db, statementId, { q: 'Secret' }).signatories).toHaveLength(0);
		expect(listPublicSignatories(db, statementId, { country: 'AZ' }).signatories).toHaveLength(1);
		const first = listPublicSignatories(db, statementId, { limit: 2 });
		expect(first.signatories).toHaveLength(2);
		const second = listPublicSignatories(db, statementId, { limit: 2, after: first.next });
		expect(second.signatories.map((s) => s.name)).toEqual(['İlkin Əliyev']);
		expect(second.next).toBeNull();
		expect(getCounts(db, statementId).signatures).toBe(4);
	});

	it('shows city and affiliation only beside a full name, never beside initials', () => {
		const db = openTestDb();
		for (const [email, display] of [['full@example.org', 'full'], ['initials@example.org', 'initials']] as const) {
			sign(db, { email, display, name: 'Rauf Quliyev', city: 'Gəncə', affiliation: 'Mine survivors association' });
			confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		}
		const statementId = signatureRows(db)[0].statementId;
		const listed = (q?: string) => listPublicSignatories(db, statementId, { q }).signatories.map(({ name, city, affiliation }) => ({ name, city, affiliation }));
		const expected = [
			{ name: 'R. Q.', city: null, affiliation: null },
			{ name: 'Rauf Quliyev', city: 'Gəncə', affiliation: 'Mine survivors association' }
		];
		expect(listed()).toEqual(expected);
		expect(listed('r')).toEqual(expected);
	});

	it('hidden signatures still count but are not listed', () => {
		const db = openTestDb();
		sign(db);
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		db.update(signature).set({ hidden: true }).run();
		const statementId = signatureRows(db)[0].statementId;
		expect(listPublicSignatories(db, statementId).signatories).toHaveLength(0);
		expect(getCounts(db, statementId).signatures).toBe(1);
	});
});

describe('campaign updates', () => {
	it('a signer who asked for updates gets a way to stop them in every email, and it works once', () => {
		const db = openTestDb();
		sign(db, { updates: 'on' });
		const confirmMail = mailsTo(db, 'ayla@example.org')[0];
		expect(confirmMail.payload.unsubscribeLink).toMatch(`${ORIGIN}/en/unsubscribe/`);
		expect(confirmMail.payload.oneClickUnsubscribeLink).toMatch(`${ORIGIN}/api/v1/unsubscribe/`);
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		const thanks = mailsTo(db, 'ayla@example.org')[1];
		const token = thanks.payload.unsubscribeLink.split('/').pop()!;
		expect(getSignatureByUnsubscribeToken(db, token)?.updatesOptIn).toBe(true);
		expect(unsubscribeFromUpdates(db, token)).toBe(true);
		expect(unsubscribeFromUpdates(db, token)).toBe(false);
		expect(signatureRows(db)[0]).toMatchObject({ updatesOptIn: false, state: 'confirmed' });
	});

	it('a signer who did not ask gets no unsubscribe link, and withdrawing ends updates', () => {
		const db = openTestDb();
		sign(db, { email: 'quiet@example.org' });
		expect(mailsTo(db, 'quiet@example.org')[0].payload.unsubscribeLink).toBeUndefined();
		sign(db, { email: 'loud@example.org', updates: 'on' });
		withdrawSignature(db, lastToken(db, 'withdraw'));
		expect(signatureRows(db).find((r) => r.emailCanonical === 'loud@example.org')).toMatchObject({ updatesOptIn: false, unsubscribeTokenHash: null });
	});
});
