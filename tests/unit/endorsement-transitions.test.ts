import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import {
	ENDORSEMENT_EVENTS,
	ENDORSEMENT_STATES,
	transition,
	type EndorsementChange,
	type EndorsementEvent,
	type EndorsementRow,
	type EndorsementState
} from '$lib/server/endorsements/states';
import { getCounts, getOrganizationCountsByCountry } from '$lib/server/statements/counters';
import { openSharedTestDb, openTestDb } from './helpers/db';
import { seededStatement } from './helpers/signing';
import { recountLedger } from './helpers/ledger';

/**
 * The whole transition table of an endorsement, written out here on its own (not read from the
 * code): for every state, what each event leads to. An event not listed is refused.
 */
const EXPECTED: Record<EndorsementState | 'new', Partial<Record<EndorsementEvent, EndorsementState | 'gone'>>> = {
	new: { endorse: 'pending_email' },
	pending_email: { endorse: 'pending_email', verify: 'pending_review', withdraw: 'withdrawn', expire: 'gone', edit: 'pending_email', erase: 'withdrawn', anonymise: 'pending_email' },
	pending_review: { withdraw: 'withdrawn', approve: 'approved', reject: 'rejected', edit: 'pending_review', erase: 'withdrawn', anonymise: 'pending_review' },
	approved: { withdraw: 'withdrawn', remove: 'removed', edit: 'approved', erase: 'withdrawn', anonymise: 'approved' },
	rejected: { endorse: 'pending_email', withdraw: 'withdrawn', reopen: 'pending_review', edit: 'rejected', erase: 'withdrawn', anonymise: 'rejected' },
	removed: { withdraw: 'withdrawn', reopen: 'pending_review', edit: 'removed', erase: 'withdrawn', anonymise: 'removed' },
	withdrawn: { endorse: 'pending_email', edit: 'withdrawn', erase: 'withdrawn', anonymise: 'withdrawn' }
};

/** How a row gets into each state through the door itself. */
const PATH: Record<EndorsementState, EndorsementEvent[]> = {
	pending_email: [],
	pending_review: ['verify'],
	approved: ['verify', 'approve'],
	rejected: ['verify', 'reject'],
	removed: ['verify', 'approve', 'remove'],
	withdrawn: ['verify', 'approve', 'withdraw']
};

let serial = 0;

function newEndorsement(statementId: number, country = 'DE'): EndorsementChange {
	const n = ++serial;
	return {
		statementId,
		name: `Organization ${n}`,
		nameKey: `organization ${n}`,
		type: 'ngo',
		country,
		contactName: `Contact ${n}`,
		contactRole: 'Chair',
		contactEmail: `contact${n}@example.org`,
		contactEmailCanonical: `contact${n}@example.org`,
		contactEmailDomain: 'example.org',
		locale: 'en',
		versionHash: 'v1',
		consentVersion: 'c1',
		consentedAt: new Date(),
		linkSalt: `salt${n}`,
		confirmEmailsSent: 1
	};
}

function rowOf(db: Db, id: number): EndorsementRow | null {
	return (db.$client.prepare('SELECT id, state, statement_id AS statementId, country FROM endorsement WHERE id = ?').get(id) as EndorsementRow | undefined) ?? null;
}

function rowIn(db: Db, statementId: number, state: EndorsementState, country = 'DE'): EndorsementRow {
	const id = transition(db, null, 'endorse', newEndorsement(statementId, country))!.id;
	for (const event of PATH[state]) transition(db, rowOf(db, id), event);
	return rowOf(db, id)!;
}

function expectCountsMatchRows(db: Db, statementId: number) {
	const total = db.$client.prepare("SELECT count(*) FROM endorsement WHERE statement_id = ? AND state = 'approved'").pluck().get(statementId) as number;
	const byCountry = db.$client
		.prepare("SELECT country, count(*) AS organizations FROM endorsement WHERE statement_id = ? AND state = 'approved' GROUP BY country ORDER BY organizations DESC, country")
		.all(statementId);
	expect(getCounts(db, statementId).organizations).toBe(total);
	expect(getOrganizationCountsByCountry(db, statementId)).toEqual(byCountry);
	// The public ledger's leaves add up to the same counts.
	const ledger = recountLedger(db, statementId);
	expect(ledger.organizations).toBe(total);
	expect(ledger.organizationsByCountry).toEqual(Object.fromEntries((byCountry as { country: string; organizations: number }[]).map((c) => [c.country, c.organizations])));
}

describe('the endorsement transition table', () => {
	const cases = (['new', ...ENDORSEMENT_STATES] as const).flatMap((state) => ENDORSEMENT_EVENTS.map((event) => ({ state, event })));

	it.each(cases)('$state + $event', ({ state, event }) => {
		const db = openSharedTestDb();
		const { id: statementId } = seededStatement(db);
		const row = state === 'new' ? null : rowIn(db, statementId, state);
		const before = getCounts(db, statementId).organizations;
		const expected = EXPECTED[state][event];

		const change = row === null ? newEndorsement(statementId) : event === 'edit' ? { city: 'Köln' } : {};
		const done = db.transaction((tx) => transition(tx, row, event, change));
		if (expected === undefined) {
			expect(done).toBeNull();
			expect(row ? rowOf(db, row.id) : null).toEqual(row);
			expect(getCounts(db, statementId).organizations).toBe(before);
		} else {
			expect(done).toMatchObject({ from: state, to: expected });
			expect(rowOf(db, done!.id)?.state ?? 'gone').toBe(expected);
			const counted = (s: string) => (s === 'approved' ? 1 : 0);
			expect(getCounts(db, statementId).organizations - before).toBe(counted(expected) - counted(state));
			expect(done!.counted).toBe(counted(expected) - counted(state));
		}
		expectCountsMatchRows(db, statementId);
	});

	it("moves the country tally when a moderator corrects an approved organization's country", () => {
		const db = openSharedTestDb();
		const { id: statementId } = seededStatement(db);
		const row = rowIn(db, statementId, 'approved', 'FR');
		transition(db, row, 'edit', { country: 'BE' });
		const tally = Object.fromEntries(getOrganizationCountsByCountry(db, statementId).map((c) => [c.country, c.organizations]));
		expect(tally.FR).toBeUndefined();
		expect(tally.BE).toBe(1);
		expectCountsMatchRows(db, statementId);
	});
});

describe('any sequence of endorsement events', () => {
	it('leaves the counts and tallies equal to a recount of the rows', () => {
		const step = fc.record({ slot: fc.integer({ min: 0, max: 3 }), event: fc.constantFrom(...ENDORSEMENT_EVENTS), country: fc.constantFrom('DE', 'FR', 'AZ') });
		fc.assert(
			fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
				const db = openTestDb();
				const { id: statementId } = seededStatement(db);
				const ids: (number | null)[] = [null, null, null, null];
				for (const { slot, event, country } of steps) {
					const row = ids[slot] === null ? null : rowOf(db, ids[slot]!);
					const change = row === null ? newEndorsement(statementId, country) : event === 'edit' || event === 'endorse' ? { country } : {};
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
