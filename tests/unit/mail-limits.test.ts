import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { getDashboard } from '$lib/server/dashboard';
import { openDatabase, type Db } from '$lib/server/db';
import { mailOutbox } from '$lib/server/db/schema';
import { requestDataAccess } from '$lib/server/privacy/data-requests';
import { asPlainText, renderMail, TEMPLATES } from '$lib/server/mail/templates';
import { LOCALES } from '$lib/i18n/locales';
import { makeTempDir, openTestDb } from './helpers/db';
import { endorse } from './helpers/endorsing';
import { confirmByLink, lastToken, mailsTo, ORIGIN, sign, signatureRows } from './helpers/signing';

const saved = { ...process.env };
afterEach(() => {
	process.env = { ...saved };
});

const outbox = (db: Db) => db.select().from(mailOutbox).all();
const changesOf = async (db: Db, work: () => unknown) => {
	const total = () => db.$client.prepare('SELECT total_changes()').pluck().get() as number;
	const before = total();
	await work();
	return total() - before;
};

describe('the platform is not a mail cannon', () => {
	it('sends at most three emails that strangers can trigger to one address in a day, whatever the flow', async () => {
		const db = openTestDb();
		// A stranger signs with Leyla's address, endorses in her name twice, and asks for her data.
		sign(db, { email: 'Leyla@Example.org' });
		endorse(db, { contactEmail: 'leyla@example.org', name: 'First Org' });
		endorse(db, { contactEmail: 'leyla+x@example.org', name: 'Second Org' });
		expect(await requestDataAccess(db, 'LEYLA@example.org', 'en', ORIGIN)).toBe('not_sent');
		// Three went; the fourth was answered as usual and sent nothing.
		expect(outbox(db).map((m) => m.template)).toEqual(['confirm', 'endorse_confirm', 'endorse_confirm']);
		// A fourth signature under a fresh form of her address is kept, flagged for moderators, and sends nothing.
		const outcome = sign(db, { email: 'leyla+again@example.org' });
		expect(outcome).toBe('resent');
		expect(signatureRows(db)[0].flags).toContain('mail_capped');
		expect(outbox(db)).toHaveLength(3);
	});

	it('halves the cap for a request without the proof-of-work, and keeps counting across a restart', () => {
		const dir = makeTempDir();
		const file = join(dir, 'limits.db');
		let db = openDatabase(file);
		sign(db, { email: 'nopow@example.org' }, { flags: ['no_pow'] });
		sign(db, { email: 'nopow@example.org' }, { flags: ['no_pow'] });
		expect(mailsTo(db, 'nopow@example.org')).toHaveLength(1);
		sign(db, { email: 'someone@example.org' });
		db.$client.close();
		db = openDatabase(file);
		sign(db, { email: 'someone@example.org' });
		sign(db, { email: 'someone@example.org' });
		sign(db, { email: 'someone@example.org' });
		expect(mailsTo(db, 'someone@example.org')).toHaveLength(3);
		db.$client.close();
	});

	it('queues mail past the hourly ceiling for everyone, instead of sending it or dropping it, and warns moderators', () => {
		process.env.MAIL_ANONYMOUS_PER_HOUR = '2';
		const db = openTestDb();
		const now = new Date('2026-12-05T10:00:00Z');
		for (let i = 0; i < 4; i++) sign(db, { email: `wave${i}@example.org` }, { now });
		expect(outbox(db).map((m) => (m.nextAttemptAt.getTime() - now.getTime()) / 60_000)).toEqual([0, 0, 30, 60]);
		expect(getDashboard(db, now).mailCeiling).toEqual({ until: '11:00', perHour: 2 });
		expect(getDashboard(db, new Date('2026-12-05T11:01:00Z')).mailCeiling).toBeNull();
	});

	it('lets one contact address have one endorsement waiting per statement', () => {
		const db = openTestDb();
		expect(endorse(db, { name: 'Mine Action Review' })).toBe('created');
		// A corrected name replaces the one waiting for its email.
		expect(endorse(db, { name: 'Mine Action Review e.V.' })).toBe('resent');
		const rows = db.$client.prepare('SELECT name, state FROM endorsement').all();
		expect(rows).toEqual([{ name: 'Mine Action Review e.V.', state: 'pending_email' }]);
	});

	it('never puts typed text in a subject line, and an organization named like a website is not a link', () => {
		const typed = 'evil.example www.evil.example mail@evil.example';
		for (const template of TEMPLATES) {
			const payload = Object.fromEntries(['name', 'organization', 'inviter', 'json', 'reason'].map((k) => [k, typed]));
			for (const locale of LOCALES) {
				const mail = renderMail(template, locale, { ...payload, reason: 'unverifiable', confirmLink: 'https://x/c', withdrawLink: 'https://x/w', dataLink: 'https://x/d', passwordLink: 'https://x/p', statementLink: 'https://x/s' });
				expect(mail.subject, `${template} ${locale}`).not.toContain('evil');
				if (!['data_copy'].includes(template) && !['staff_invitation'].includes(template)) {
					// Names and organizations, where a mail shows them, cannot be clicked.
					expect(mail.text).not.toMatch(/evil\.example|mail@/);
					expect(mail.html).not.toMatch(/evil\.example|mail@/);
				}
			}
		}
		const confirm = renderMail('endorse_confirm', 'en', { name: 'Jana', organization: 'Evil.example Friends', confirmLink: 'https://x/c', withdrawLink: 'https://x/w' });
		expect(confirm.text).toContain('Evil\u2024example Friends');
	});

	it('does the same work whether or not the address signed before, or is known at all', async () => {
		const db = openTestDb();
		sign(db, { email: 'known@example.org' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		// Signed and confirmed already: nothing changes for the signer, yet a write is made as for a new one.
		expect(await changesOf(db, () => sign(db, { email: 'known@example.org' }))).toBeGreaterThan(0);
		// Asking for the data of an address nobody signed with writes as asking for a known one does.
		expect(await changesOf(db, () => requestDataAccess(db, 'stranger@example.org', 'en', ORIGIN))).toBeGreaterThan(0);
	});
});

describe('what a mail shows of typed names', () => {
	it('keeps ordinary names as typed', () => {
		expect(asPlainText('Minenhilfe Rheinland e.V.')).toBe('Minenhilfe Rheinland e.V.');
		expect(asPlainText('Dr. Ayla Məmmədova')).toBe('Dr. Ayla Məmmədova');
		expect(asPlainText('www.x.com')).toBe('www\u2024x\u2024com');
	});
});
