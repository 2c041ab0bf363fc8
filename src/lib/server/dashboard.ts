import { anonymousMailHeldUntil } from './abuse/limits';
import { getAbuseSettings } from './config';
import { and, count as countRows, desc, gt, gte, lt, sql, sum } from 'drizzle-orm';
import type { Db } from './db';
import { countryCounter, endorsement, tally } from './db/schema';

/** What moderators see first: the queues, the trend, where signatures come from, whether mail flows. */
export function getDashboard(db: Db, now = new Date()) {
	// Kept by triggers as rows change (see the tally table): reading them costs the same at a
	// million signatures as at ten, and nobody else waits while a moderator looks.
	const tallies = new Map(
		db
			.select({ key: tally.key, n: tally.n })
			.from(tally)
			.where(and(gte(tally.key, 'flagged:'), lt(tally.key, 'state;')))
			.all()
			.map((r) => [r.key, r.n])
	);
	const count = (key: string) => tallies.get(key) ?? 0;
	const states = { confirmed: count('state:confirmed'), pending: count('state:pending'), withdrawn: count('state:withdrawn'), rejected: count('state:rejected'), invalidated: count('state:invalidated') };
	const flagged = count('flagged:pending') + count('flagged:confirmed');
	const firstDay = new Date(now.getTime() - 30 * 24 * 3600_000).toISOString().slice(0, 10);
	const perDay = db
		.select({ day: sql<string>`substr(${tally.key}, 11)`, n: tally.n })
		.from(tally)
		.where(and(gte(tally.key, `confirmed:${firstDay}`), lt(tally.key, 'confirmed;'), gt(tally.n, 0)))
		.orderBy(tally.key)
		.all();
	const signatures = sql<number>`${sum(countryCounter.signatures)}`.mapWith(Number);
	const topCountries = db
		.select({ country: countryCounter.country, n: signatures })
		.from(countryCounter)
		.groupBy(countryCounter.country)
		.having(gt(signatures, 0))
		.orderBy(desc(signatures))
		.limit(10)
		.all();
	const outbox = { pending: count('outbox:pending'), sent: count('outbox:sent'), failed: count('outbox:failed'), held: count('outbox:held') };
	const endorsements = Object.fromEntries(
		db
			.select({ state: endorsement.state, n: countRows() })
			.from(endorsement)
			.groupBy(endorsement.state)
			.all()
			.map((r) => [r.state, r.n])
	);
	return {
		endorsements: { awaitingReview: endorsements.pending_review ?? 0, approved: endorsements.approved ?? 0 },
		signatures: { confirmed: states.confirmed, pending: states.pending, withdrawn: states.withdrawn, rejected: states.rejected + states.invalidated, flagged },
		perDay,
		topCountries,
		outbox,
		// While mail that anyone can trigger waits for the hourly ceiling: until when (UTC, hh:mm).
		mailCeiling: heldUntil(db, now)
	};
}


function heldUntil(db: Db, now: Date): { until: string; perHour: number } | null {
	const until = anonymousMailHeldUntil(db, now.getTime());
	return until === null ? null : { until: new Date(until).toISOString().slice(11, 16), perHour: getAbuseSettings().anonymousMailPerHour };
}
