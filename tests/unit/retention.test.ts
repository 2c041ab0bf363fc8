import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getCounts } from '$lib/server/statements/counters';
import { auditEvent, endorsement, statement } from '$lib/server/db/schema';
import { reviewEndorsement } from '$lib/server/endorsements/review';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { anonymiseInBatches, runScheduledJobs } from '$lib/server/jobs';
import { anonymiseClosedStatements, closedSince } from '$lib/server/privacy/retention';
import { listPublicEndorsers } from '$lib/server/endorsements/public-list';
import { createStaffUser } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';
import { endorse } from './helpers/endorsing';
import { confirmByLink, lastToken, ORIGIN, sign, signatureRows } from './helpers/signing';

const CLOSED = new Date('2027-01-31T12:00:00Z');

describe('after a statement closes', () => {
	it('counts from the planned end, or from closing by hand, whichever came first', () => {
		const base = { status: 'open' as const, closesAt: null, closedAt: null };
		expect(closedSince(base, CLOSED)).toBeNull();
		expect(closedSince({ ...base, closesAt: new Date('2027-02-01') }, CLOSED)).toBeNull();
		expect(closedSince({ ...base, closesAt: new Date('2027-01-01') }, CLOSED)).toEqual(new Date('2027-01-01'));
		expect(closedSince({ ...base, status: 'closed', closedAt: new Date('2026-12-01') }, CLOSED)).toEqual(new Date('2026-12-01'));
	});

	it('erases names, addresses and cities six months later (by default), keeps the counts, and runs as a scheduled job', async () => {
		const db = openTestDb();
		const moderator = await createStaffUser(db, { email: 'mod@eaz.example', name: 'Mod', role: 'moderator' });
		sign(db, { name: 'Ayla Məmmədova', email: 'ayla@example.org', city: 'Bakı', affiliation: 'Red Crescent', updates: 'on' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		endorse(db);
		verifyEndorsement(db, lastToken(db, 'confirm'), ORIGIN);
		const [org] = db.select().from(endorsement).all();
		reviewEndorsement(db, org.id, 'approve', { actor: moderator, origin: ORIGIN });
		const statementId = signatureRows(db)[0].statementId;
		db.update(statement).set({ status: 'closed', closedAt: CLOSED }).where(eq(statement.id, statementId)).run();

		// Five months after closing: nothing yet.
		expect(runScheduledJobs(db, new Date('2027-06-30T12:00:00Z')).anonymised.statements).toBe(0);
		expect(signatureRows(db)[0].name).toBe('Ayla Məmmədova');

		const done = runScheduledJobs(db, new Date('2027-08-15T12:00:00Z')).anonymised;
		expect(done).toEqual({ statements: 1, signatures: 1, endorsements: 1, more: false });
		const [row] = signatureRows(db);
		expect(row).toMatchObject({ state: 'confirmed', name: '', email: '', city: null, affiliation: null, publicName: null, updatesOptIn: false });
		expect(JSON.stringify(row)).not.toMatch(/ayla|Bakı|Red Crescent|Məmmədova/i);
		expect(getCounts(db, statementId)).toEqual({ signatures: 1, organizations: 1 });
		const [anonymisedOrg] = db.select().from(endorsement).all();
		expect(anonymisedOrg).toMatchObject({ state: 'approved', contactName: '', contactEmail: '', contactRole: '' });
		expect(listPublicEndorsers(db, statementId).endorsers.map((e) => e.name)).toEqual(['Mine Action Review e.V.']);

		// Once only.
		expect(anonymiseClosedStatements(db, 6, new Date('2027-09-01T12:00:00Z')).statements).toBe(0);
	});

	it('waits as long as configured', () => {
		const db = openTestDb();
		sign(db);
		const statementId = signatureRows(db)[0].statementId;
		db.update(statement).set({ status: 'closed', closedAt: CLOSED }).where(eq(statement.id, statementId)).run();
		expect(anonymiseClosedStatements(db, 12, new Date('2027-08-01T12:00:00Z')).statements).toBe(0);
		expect(anonymiseClosedStatements(db, 12, new Date('2028-02-01T12:00:00Z')).statements).toBe(1);
	});

	it('goes through a big statement a batch at a time, oldest first, and counts it as done with its last row', () => {
		const db = openTestDb();
		for (let i = 0; i < 7; i++) sign(db, { name: `Signer ${i}`, email: `s${i}@d${i}.example` });
		const statementId = signatureRows(db)[0].statementId;
		db.update(statement).set({ status: 'closed', closedAt: CLOSED }).where(eq(statement.id, statementId)).run();
		const later = new Date('2027-08-15T12:00:00Z');
		const anonymisedLog = () => db.select().from(auditEvent).all().filter((e) => e.action === 'privacy.anonymise');
		const names = () => signatureRows(db).sort((a, b) => a.id - b.id).map((r) => r.name);

		expect(anonymiseClosedStatements(db, 6, later, 3)).toEqual({ statements: 0, signatures: 3, endorsements: 0, more: true });
		expect(names()).toEqual(['', '', '', 'Signer 3', 'Signer 4', 'Signer 5', 'Signer 6']);
		expect(db.select().from(statement).where(eq(statement.id, statementId)).get()!.anonymisedAt).toBeNull();
		expect(anonymisedLog()).toEqual([]);
		expect(anonymiseClosedStatements(db, 6, later, 3)).toEqual({ statements: 0, signatures: 3, endorsements: 0, more: true });
		expect(anonymiseClosedStatements(db, 6, later, 3)).toEqual({ statements: 1, signatures: 1, endorsements: 0, more: false });
		expect(names()).toEqual(Array(7).fill(''));
		expect(db.select().from(statement).where(eq(statement.id, statementId)).get()!.anonymisedAt).toEqual(later);
		expect(anonymisedLog().map((e) => e.after)).toEqual([{ months: 6, signatures: 7, endorsements: 0 }]);
		expect(anonymiseClosedStatements(db, 6, later, 3).statements).toBe(0);
	});

	it('lets the server answer between batches, and stops between them when it shuts down', async () => {
		const db = openTestDb();
		for (let i = 0; i < 7; i++) sign(db, { name: `Signer ${i}`, email: `s${i}@d${i}.example` });
		const statementId = signatureRows(db)[0].statementId;
		db.update(statement).set({ status: 'closed', closedAt: new Date('2020-01-31T12:00:00Z') }).where(eq(statement.id, statementId)).run();

		let batches = 0;
		expect(await anonymiseInBatches(db, 6, () => ++batches >= 2, 2)).toEqual({ statements: 0, signatures: 4, endorsements: 0 });
		expect(signatureRows(db).filter((r) => r.name !== '')).toHaveLength(3);

		let turns = 0;
		let finished = false;
		const turn = () => {
			turns++;
			if (!finished) setImmediate(turn);
		};
		setImmediate(turn);
		expect(await anonymiseInBatches(db, 6, () => false, 2)).toEqual({ statements: 1, signatures: 3, endorsements: 0 });
		finished = true;
		expect(turns).toBeGreaterThanOrEqual(1);
		expect(signatureRows(db).filter((r) => r.name !== '')).toEqual([]);
	});
});
