import { describe, expect, it } from 'vitest';
import { getCounts } from '$lib/server/statements/counters';
import { endorsement, mailOutbox } from '$lib/server/db/schema';
import { reviewEndorsement } from '$lib/server/endorsements/review';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { createStaffUser } from '$lib/server/staff/accounts';
import { collectPersonalData, erasePersonalData, requestDataAccess, sendPersonalData } from '$lib/server/privacy/data-requests';
import { openTestDb } from './helpers/db';
import { endorse } from './helpers/endorsing';
import { confirmByLink, lastToken, ORIGIN, sign, signatureRows } from './helpers/signing';

function dataToken(db: ReturnType<typeof openTestDb>): string {
	const mail = db.select().from(mailOutbox).all().reverse().find((m) => m.template === 'data_request')!;
	return mail.payload.dataLink.split('/').pop()!;
}

describe('a signer\'s own data', () => {
	it('is sent as a link only to an address that has signed, and the page answers the same either way', async () => {
		const db = openTestDb();
		sign(db, { email: 'Ayla+x@example.org' });
		expect(await requestDataAccess(db, 'nobody@example.org', 'en', ORIGIN)).toBe('not_sent');
		expect(await requestDataAccess(db, 'AYLA@example.org', 'de', ORIGIN)).toBe('sent');
		const mail = db.select().from(mailOutbox).all().find((m) => m.template === 'data_request')!;
		expect(mail).toMatchObject({ to: 'Ayla+x@example.org', locale: 'de' });
		expect(mail.payload.dataLink).toMatch(`${ORIGIN}/de/my-data/`);
	});

	it('is sent at most once in fifteen minutes, so that the form cannot flood an inbox', async () => {
		const db = openTestDb();
		sign(db, { email: 'ayla@example.org' });
		const at = new Date('2026-11-27T10:00:00Z');
		expect(await requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, { now: at })).toBe('sent');
		expect(await requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, { now: new Date(at.getTime() + 10 * 60_000) })).toBe('not_sent');
		expect(await requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, { now: new Date(at.getTime() + 16 * 60_000) })).toBe('sent');
		expect(db.select().from(mailOutbox).all().filter((m) => m.template === 'data_request')).toHaveLength(2);
	});

	it('is refused past ten requests an hour from one network address, and the refused ones send nothing', async () => {
		const db = openTestDb();
		sign(db, { email: 'ayla@example.org' });
		const at = new Date('2026-11-27T10:00:00Z');
		const ask = (minutes: number, from = 'net-a') => requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, { now: new Date(at.getTime() + minutes * 60_000), from });
		// Ten at once: one link goes (one in fifteen minutes), nine are answered alike and send nothing.
		const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(i / 10)));
		expect(outcomes.sort()).toEqual(['not_sent', 'not_sent', 'not_sent', 'not_sent', 'not_sent', 'not_sent', 'not_sent', 'not_sent', 'not_sent', 'sent']);
		expect(await ask(20)).toBe('too_many');
		// Another address is not held back, and the next hour starts afresh.
		expect(await ask(21, 'net-b')).toBe('sent');
		expect(await ask(59)).toBe('too_many');
		// (Answered again, but sends nothing: the address had its three emails of the day.)
		expect(await ask(61)).toBe('not_sent');
		expect(db.select().from(mailOutbox).all().filter((m) => m.template === 'data_request')).toHaveLength(2);
	});

	it('can be copied (as JSON by email) and erased: withdrawn, uncounted, anonymised', async () => {
		const db = openTestDb();
		sign(db, { email: 'ayla@example.org', city: 'Bakı', affiliation: 'Red Crescent' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		const statementId = signatureRows(db)[0].statementId;
		await requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN);
		const token = dataToken(db);
		expect(collectPersonalData(db, token)?.signatures[0]).toMatchObject({ name: 'Ayla Məmmədova', city: 'Bakı', state: 'confirmed' });
		expect(sendPersonalData(db, token, 'en')).toBe(true);
		const copy = db.select().from(mailOutbox).all().find((m) => m.template === 'data_copy')!;
		expect(JSON.parse(copy.payload.json).signatures[0].affiliation).toBe('Red Crescent');

		expect(getCounts(db, statementId).signatures).toBe(1);
		expect(erasePersonalData(db, token)).toBe(1);
		expect(getCounts(db, statementId).signatures).toBe(0);
		const [row] = signatureRows(db);
		expect(row).toMatchObject({ state: 'withdrawn', name: '', email: '', city: null, affiliation: null, ipHmac: null, publicName: null });
		expect(JSON.stringify(row)).not.toMatch(/ayla|Bakı|Red Crescent/i);
		expect(erasePersonalData(db, token)).toBeNull();
		// The same address may sign again later.
		expect(sign(db, { email: 'ayla@example.org' })).toBe('created');
	});

	it("includes what an organization's contact person gave, and erasing it withdraws the endorsement", async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'mod@eaz.example', name: 'Mod', role: 'moderator' });
		endorse(db, { contactEmail: 'jana@mineaction.example' });
		verifyEndorsement(db, lastToken(db, 'confirm'), ORIGIN);
		const [row] = db.select().from(endorsement).all();
		reviewEndorsement(db, row.id, 'approve', { actor: admin, origin: ORIGIN });
		expect(getCounts(db, row.statementId).organizations).toBe(1);

		expect(await requestDataAccess(db, 'jana@mineaction.example', 'de', ORIGIN)).toBe('sent');
		const token = dataToken(db);
		expect(collectPersonalData(db, token)?.endorsements).toEqual([
			expect.objectContaining({ organization: 'Mine Action Review e.V.', contactName: 'Jana Becker', contactRole: 'Press officer', state: 'approved' })
		]);
		expect(erasePersonalData(db, token)).toBe(1);
		expect(getCounts(db, row.statementId).organizations).toBe(0);
		const [erased] = db.select().from(endorsement).all();
		expect(erased).toMatchObject({ state: 'withdrawn', contactName: '', contactEmail: '', contactRole: '', ipHmac: null });
		expect(JSON.stringify(erased)).not.toMatch(/jana|Becker|Press officer/i);
	});
});

