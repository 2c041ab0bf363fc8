import { describe, expect, it } from 'vitest';
import { statement } from '$lib/server/db/schema';
import { runScheduledJobs } from '$lib/server/jobs';
import { loadStatementExtras } from '$lib/server/statements/page';
import { getFeaturedStatement } from '$lib/server/statements/queries';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, sign, signatureRows } from './helpers/signing';

describe('what a statement page shows besides the text', () => {
	it('the count in the page\'s language and a progress bar toward the goal', () => {
		const db = openTestDb();
		for (let i = 0; i < 3; i++) {
			sign(db, { email: `p${i}@example.org` });
			confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		}
		db.update(statement).set({ signatureGoal: 12_000 }).run();
		const de = loadStatementExtras(db, getFeaturedStatement(db, 'de')!, 'de');
		expect(de.counter).toMatchObject({ count: 3, countText: '3', goalText: '12.000', percent: 0 });
		expect(loadStatementExtras(db, getFeaturedStatement(db, 'en')!, 'en').counter.goalText).toBe('12,000');
		expect(de.latest).toHaveLength(3);
		expect(de.latest[0].countryName).toBe('Aserbaidschan');
		expect(de.countries.find((c) => c.code === 'AZ')?.name).toBe('Aserbaidschan');
	});

	it('sorts countries by the page\'s collation (Azerbaijani Ə after E)', () => {
		const db = openTestDb();
		sign(db);
		const names = loadStatementExtras(db, getFeaturedStatement(db, 'az')!, 'az').countries.map((c) => c.name);
		const firstE = names.findIndex((n) => n.startsWith('E'));
		const firstSchwa = names.findIndex((n) => n.startsWith('Ə'));
		expect(firstSchwa).toBeGreaterThan(firstE);
		expect(names.findIndex((n) => n.startsWith('F'))).toBeGreaterThan(firstSchwa);
	});
});

describe('the scheduled jobs', () => {
	it('drop hashed addresses after seven days', () => {
		const db = openTestDb();
		const then = new Date('2026-11-01T10:00:00Z');
		sign(db, {}, { now: then, ipHmac: 'abc' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, then);
		expect(runScheduledJobs(db, new Date(then.getTime() + 6 * 86_400_000)).droppedIpHmacs).toBe(0);
		expect(signatureRows(db)[0].ipHmac).toBe('abc');
		expect(runScheduledJobs(db, new Date(then.getTime() + 7 * 86_400_000 + 1)).droppedIpHmacs).toBe(1);
		expect(signatureRows(db)[0].ipHmac).toBeNull();
	});

	it('delete unconfirmed signatures whose link expired', () => {
		const db = openTestDb();
		const then = new Date('2026-11-01T10:00:00Z');
		sign(db, {}, { now: then });
		expect(runScheduledJobs(db, new Date(then.getTime() + 71 * 3600_000)).purgedPending).toBe(0);
		expect(runScheduledJobs(db, new Date(then.getTime() + 73 * 3600_000)).purgedPending).toBe(1);
		expect(signatureRows(db)).toEqual([]);
	});
});
