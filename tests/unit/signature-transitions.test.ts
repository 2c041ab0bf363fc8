import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { signatureRow, SIGNATURE_EVENTS, SIGNATURE_STATES, transition, type SignatureChange, type SignatureEvent, type SignatureState } from '$lib/server/signatures/states';
import { getCounts, getCountsByCountry } from '$lib/server/statements/counters';
import { openSharedTestDb, openTestDb } from './helpers/db';
import { seededStatement } from './helpers/signing';
import { recountLedger } from './helpers/ledger';

/**
 * The whole transition table of a signature, written out here on its own (not read from the code):
 * for every state a row can be in, what each event leads to. An event not listed is refused.
 * `hidden` rows: hide is refused and unhide allowed; otherwise the reverse.
 */
const EXPECTED: Record<SignatureState | 'new', Partial<Record<SignatureEvent, SignatureState | 'gone'>>> = {
	new: { sign: 'pending' },
	pending: { sign: 'pending', confirm: 'confirmed', withdraw: 'withdrawn', expire: 'gone', hide: 'pending', reject: 'rejected', invalidate: 'invalidated', erase: 'withdrawn', anonymise: 'pending' },
	confirmed: { withdraw: 'withdrawn', hide: 'confirmed', reject: 'rejected', invalidate: 'invalidated', erase: 'withdrawn', anonymise: 'confirmed' },
	withdrawn: { sign: 'pending', erase: 'withdrawn', anonymise: 'withdrawn' },
	// Restored to where the moderator found it: these rows were confirmed before (see below for one that was not).
	rejected: { restore: 'confirmed', erase: 'withdrawn', anonymise: 'rejected' },
	invalidated: { restore: 'confirmed', erase: 'withdrawn', anonymise: 'invalidated' }
};

let serial = 0;

/** Every column a new signature needs, with a unique address. */
function newSignature(statementId: number, country = 'AZ'): SignatureChange {
	const n = ++serial;
	return {
		statementId,
		name: `Signer ${n}`,
		nameKey: `signer ${n}`,
		publicName: `Signer ${n}`,
		publicNameKey: `signer ${n}`,
		email: `signer${n}@example.org`,
		emailCanonical: `signer${n}@example.org`,
		emailDomain: 'example.org',
		country,
		display: 'full',
		locale: 'en',
		versionHash: 'v1',
		consentVersion: 'c1',
		consentedAt: new Date(),
		confirmEmailsSent: 1
	};
}

/** A row brought into `state` through the door itself (so its count is right from the start). */
function rowIn(db: Db, statementId: number, state: SignatureState, { hidden = false, everConfirmed = true, country = 'AZ' } = {}) {
	const id = transition(db, null, 'sign', newSignature(statementId, country))!.id;
	const through: SignatureEvent[] = {
		pending: [],
		confirmed: ['confirm'],
		withdrawn: ['withdraw'],
		rejected: everConfirmed ? ['confirm', 'reject'] : ['reject'],
		invalidated: everConfirmed ? ['confirm', 'invalidate'] : ['invalidate']
	}[state] as SignatureEvent[];
	for (const event of through) transition(db, signatureRow(db, id), event, event === 'confirm' ? { confirmedAt: new Date() } : {});
	if (hidden) transition(db, signatureRow(db, id), 'hide');
	return signatureRow(db, id)!;
}

/** The counts as the rows say they should be. */
function recount(db: Db, statementId: number) {
	const total = db.$client.prepare("SELECT count(*) FROM signature WHERE statement_id = ? AND state = 'confirmed'").pluck().get(statementId) as number;
	const byCountry = db.$client
		.prepare("SELECT country, count(*) AS signatures FROM signature WHERE statement_id = ? AND state = 'confirmed' GROUP BY country ORDER BY signatures DESC, country")
		.all(statementId);
	return { total, byCountry };
}

function expectCountsMatchRows(db: Db, statementId: number) {
	const { total, byCountry } = recount(db, statementId);
	expect(getCounts(db, statementId).signatures).toBe(total);
	expect(getCountsByCountry(db, statementId)).toEqual(byCountry);
	// The public ledger's leaves add up to the same counts.
	const ledger = recountLedger(db, statementId);
	expect(ledger.signatures).toBe(total);
	expect(ledger.signaturesByCountry).toEqual(Object.fromEntries((byCountry as { country: string; signatures: number }[]).map((c) => [c.country, c.signatures])));
}

function changeFor(event: SignatureEvent, statementId: number): SignatureChange {
	if (event === 'sign') return { ...newSignature(statementId), statementId: undefined };
	if (event === 'confirm') return { confirmedAt: new Date() };
	return {};
}

describe('the signature transition table', () => {
	type Case = { state: SignatureState | 'new'; event: SignatureEvent; hidden: boolean };
	const cases: Case[] = (['new', ...SIGNATURE_STATES] as const).flatMap((state) =>
		SIGNATURE_EVENTS.flatMap((event) => (state === 'new' ? [false] : [false, true]).map((hidden) => ({ state, event, hidden })))
	);

	it.each(cases)('$state (hidden: $hidden) + $event', ({ state, event, hidden }: Case) => {
		const db = openSharedTestDb();
		const { id: statementId } = seededStatement(db);
		const row = state === 'new' ? null : rowIn(db, statementId, state, { hidden });
		const before = getCounts(db, statementId).signatures;

		let expected = EXPECTED[state][event];
		if (event === 'hide' && hidden) expected = undefined;
		if (event === 'unhide') expected = hidden && state !== 'new' ? EXPECTED[state].hide : undefined;

		const done = db.transaction((tx) => transition(tx, row, event, row === null ? newSignature(statementId) : changeFor(event, statementId)));
		if (expected === undefined) {
			expect(done).toBeNull();
			expect(row ? signatureRow(db, row.id) : null).toEqual(row);
			expect(getCounts(db, statementId).signatures).toBe(before);
		} else {
			expect(done).toMatchObject({ from: state, to: expected });
			const after = signatureRow(db, done!.id);
			expect(after?.state ?? 'gone').toBe(expected);
			if (event === 'hide' || event === 'unhide') expect(after!.hidden).toBe(event === 'hide');
			const counted = (s: string) => (s === 'confirmed' ? 1 : 0);
			expect(getCounts(db, statementId).signatures - before).toBe(counted(expected) - counted(state));
			expect(done!.counted).toBe(counted(expected) - counted(state));
		}
		expectCountsMatchRows(db, statementId);
	});

	it('refuses a change that would set the state or move the row to another statement past the table', () => {
		const db = openSharedTestDb();
		const { id: statementId } = seededStatement(db);
		const row = rowIn(db, statementId, 'pending');
		expect(() => transition(db, row, 'hide', { state: 'confirmed' })).toThrow();
		expect(() => transition(db, row, 'anonymise', { statementId: statementId + 1 })).toThrow();
		expect(signatureRow(db, row.id)).toEqual(row);
	});

	it('restores a rejected signature that was never confirmed to pending, not counted', () => {
		const db = openSharedTestDb();
		const { id: statementId } = seededStatement(db);
		const before = getCounts(db, statementId).signatures;
		for (const state of ['rejected', 'invalidated'] as const) {
			const row = rowIn(db, statementId, state, { everConfirmed: false });
			expect(transition(db, row, 'restore')).toMatchObject({ to: 'pending', counted: 0 });
		}
		expect(getCounts(db, statementId).signatures).toBe(before);
	});

	it('moves the country tally when a confirmed signature changes country, and keeps it when a hidden one is counted', () => {
		const db = openSharedTestDb();
		const { id: statementId } = seededStatement(db);
		rowIn(db, statementId, 'confirmed', { hidden: true, country: 'MT' });
		expect(getCountsByCountry(db, statementId).find((c) => c.country === 'MT')?.signatures).toBe(1);
		expectCountsMatchRows(db, statementId);
	});
});

describe('any sequence of signature events', () => {
	it('leaves the counts and tallies equal to a recount of the rows', () => {
		const slot = fc.integer({ min: 0, max: 3 });
		const step = fc.record({ slot, event: fc.constantFrom(...SIGNATURE_EVENTS), country: fc.constantFrom('AZ', 'DE', 'TR') });
		fc.assert(
			fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
				const db = openTestDb();
				const { id: statementId } = seededStatement(db);
				const ids: (number | null)[] = [null, null, null, null];
				for (const { slot, event, country } of steps) {
					const row = ids[slot] === null ? null : signatureRow(db, ids[slot]!);
					const change = row === null ? newSignature(statementId, country) : event === 'sign' ? { country } : changeFor(event, statementId);
					const done = db.transaction((tx) => transition(tx, row, event, change));
					if (done) ids[slot] = done.to === 'gone' ? null : done.id;
					expectCountsMatchRows(db, statementId);
				}
				db.$client.close();
			}),
			{ numRuns: 60 }
		);
	});
});
