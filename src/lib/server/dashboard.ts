import { anonymousMailHeldUntil } from './abuse/limits';
import { getAbuseSettings } from './config';
import type { Db } from './db';

/** What moderators see first: the queues, the trend, where signatures come from, whether mail flows. */
export function getDashboard(db: Db, now = new Date()) {
	const c = db.$client;
	// Kept by triggers as rows change (see the tally table): reading them costs the same at a
	// million signatures as at ten, and nobody else waits while a moderator looks.
	const tallies = new Map(
		(c.prepare("SELECT key, n FROM tally WHERE key >= 'flagged:' AND key < 'state;'").all() as { key: string; n: number }[]).map((r) => [r.key, r.n])
	);
	const count = (key: string) => tallies.get(key) ?? 0;
	const states = { confirmed: count('state:confirmed'), pending: count('state:pending'), withdrawn: count('state:withdrawn'), rejected: count('state:rejected'), invalidated: count('state:invalidated') };
	const flagged = count('flagged:pending') + count('flagged:confirmed');
	const firstDay = new Date(now.getTime() - 30 * 24 * 3600_000).toISOString().slice(0, 10);
	const perDay = (
		c.prepare("SELECT substr(key, 11) AS day, n FROM tally WHERE key >= 'confirmed:' || ? AND key < 'confirmed;' AND n > 0 ORDER BY key").all(firstDay) as { day: string; n: number }[]
	);
	const topCountries = c
		.prepare('SELECT country, sum(signatures) AS n FROM country_counter GROUP BY country HAVING n > 0 ORDER BY n DESC LIMIT 10')
		.all() as { country: string; n: number }[];
	const outbox = { pending: count('outbox:pending'), sent: count('outbox:sent'), failed: count('outbox:failed'), held: count('outbox:held') };
	const endorsements = Object.fromEntries(
		(c.prepare('SELECT state, count(*) AS n FROM endorsement GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n])
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
