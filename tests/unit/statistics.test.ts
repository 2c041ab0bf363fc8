import { describe, expect, it } from 'vitest';
import { loadStatistics, RECENT_HOURS } from '$lib/server/statements/statistics';
import { shadeOf, worldShapes } from '$lib/server/statements/world-map';
import { withdrawSignature } from '$lib/server/signatures/commands';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, seededStatement, sign } from './helpers/signing';

const HOUR = 3_600_000;

describe('the statistics page’s figures', () => {
	it('follow every move of the count per day and hour, and by country, without counting rows', () => {
		const db = openTestDb();
		const statement = seededStatement(db);
		const now = new Date('2026-12-06T10:30:00Z');
		const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
		// Three countries, over four days; one signature withdrawn again.
		const people = [
			{ country: 'AZ', hoursAgo: 80 },
			{ country: 'AZ', hoursAgo: 30 },
			{ country: 'DE', hoursAgo: 30 },
			{ country: 'TR', hoursAgo: 2 },
			{ country: 'TR', hoursAgo: 1 }
		];
		people.forEach((p, i) => {
			sign(db, { email: `p${i}@example.org`, name: `Person ${i}`, country: p.country });
			confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, at(p.hoursAgo));
		});
		withdrawSignature(db, lastToken(db, 'withdraw'), now);

		const stats = loadStatistics(db, statement.id, 'en', now);
		expect(stats.signatures).toBe(4);
		expect(stats.days.map((d) => [d.day, d.added, d.total])).toEqual([
			// A week at least, ending today.
			['2026-11-30', 0, 0],
			['2026-12-01', 0, 0],
			['2026-12-02', 0, 0],
			['2026-12-03', 1, 1],
			['2026-12-04', 0, 1],
			['2026-12-05', 2, 3],
			['2026-12-06', 1, 4]
		]);
		expect(stats.hours).toHaveLength(RECENT_HOURS);
		expect(stats.hours.at(-1)!.hour).toBe('2026-12-06T10:00Z');
		const added = Object.fromEntries(stats.hours.filter((h) => h.added !== 0).map((h) => [h.hour, h.added]));
		// The withdrawal counts in the hour it happened.
		expect(added).toEqual({ '2026-12-05T04:00Z': 2, '2026-12-06T08:00Z': 1, '2026-12-06T09:00Z': 1, '2026-12-06T10:00Z': -1 });
		expect(stats.countries.map((c) => [c.code, c.signatures])).toEqual([
			['AZ', 2],
			['DE', 1],
			['TR', 1]
		]);
		expect(stats.countries[0].name).toBe('Azerbaijan');
		expect(loadStatistics(db, statement.id, 'de', now).countries[1].name).toBe('Deutschland');
	});

	it('are kept by the database for whatever appends to the ledger, and filled in for what was there before', () => {
		const db = openTestDb();
		const statement = seededStatement(db);
		sign(db, { email: 'a@example.org', country: 'FR' });
		confirmByLink(db, lastToken(db, 'confirm'));
		const summed = db.$client.prepare("SELECT sum(json_extract(data, '$.delta')) FROM ledger_leaf WHERE statement_id = ?").pluck().get(statement.id);
		const kept = db.$client.prepare("SELECT sum(delta) FROM count_hour WHERE statement_id = ? AND kind = 'signature'").pluck().get(statement.id);
		expect(kept).toBe(summed);
		expect(kept).toBe(1);
	});

	it('draw the world without Antarctica, each country under its code, darker with more signatures', () => {
		const shapes = worldShapes();
		expect(shapes.length).toBeGreaterThan(150);
		expect(shapes.map((s) => s.code)).toEqual(expect.arrayContaining(['AZ', 'DE', 'TR', 'FR', 'RU', 'US']));
		expect(shapes.some((s) => s.code === 'AQ')).toBe(false);
		expect(shapes.find((s) => s.code === 'AZ')!.d).toMatch(/^m\d+,\d+l/);
		expect([0, 1, 10, 1000].map((n) => shadeOf(n, 1000))).toEqual([0, 1, 2, 5]);
	});
});
