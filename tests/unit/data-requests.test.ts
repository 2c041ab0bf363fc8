import { describe, expect, it } from 'vitest';
import { getCounts } from '$lib/server/statements/counters';
import { endorsement, mailOutbox } from '$lib/server/db/schema';
import { reviewEndorsement } from '$lib/server/endorsements/review';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { createStaffUser } from '$lib/server/staff/accounts';
import { collectPersonalData, erasePersonalData, requestDataAccess, sendPersonalData } from '$lib/server/privacy/data-requests';
import { confirmSignature } from '$lib/server/signatures/commands';
import { openTestDb } from './helpers/db';
import { endorse } from './helpers/endorsing';
import { lastToken, ORIGIN, sign, signatureRows } from './helpers/signing';

function dataToken(db: ReturnType<typeof openTestDb>): string {
	const mail = db.select().from(mailOutbox).all().reverse().find((m) => m.template === 'data_request')!;
	return mail.payload.dataLink.split('/').pop()!;
}

describe('a signer\'s own data', () => {
	it('is sent as a link only to an address that has signed, and the page answers the same either way', () => {
		const db = openTestDb();
		sign(db, { email: 'Ayla+x@example.org' });
		expect(requestDataAccess(db, 'nobody@example.org', 'en', ORIGIN)).toBe(false);
		expect(requestDataAccess(db, 'AYLA@example.org', 'de', ORIGIN)).toBe(true);
		const mail = db.select().from(mailOutbox).all().find((m) => m.template === 'data_request')!;
		expect(mail).toMatchObject({ to: 'Ayla+x@example.org', locale: 'de' });
		expect(mail.payload.dataLink).toMatch(`${ORIGIN}/de/my-data/`);
	});

	it('is sent at most once in fifteen minutes, so that the form cannot flood an inbox', () => {
		const db = openTestDb();
		sign(db, { email: 'ayla@example.org' });
		const at = new Date('2026-11-27T10:00:00Z');
		expect(requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, at)).toBe(true);
		expect(requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, new Date(at.getTime() + 10 * 60_000))).toBe(false);
		expect(requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN, new Date(at.getTime() + 16 * 60_000))).toBe(true);
		expect(db.select().from(mailOutbox).all().filter((m) => m.template === 'data_request')).toHaveLength(2);
	});

	it('can be copied (as JSON by email) and erased: withdrawn, uncounted, anonymised', () => {
		const db = openTestDb();
		sign(db, { email: 'ayla@example.org', city: 'Bakı', affiliation: 'Red Crescent' });
		confirmSignature(db, lastToken(db, 'confirm'), ORIGIN);
		const statementId = signatureRows(db)[0].statementId;
		requestDataAccess(db, 'ayla@example.org', 'en', ORIGIN);
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

		expect(requestDataAccess(db, 'jana@mineaction.example', 'de', ORIGIN)).toBe(true);
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

