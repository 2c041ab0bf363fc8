import type { Db } from './db';

/** What moderators see first: the queues, the trend, where signatures come from, whether mail flows. */
export function getDashboard(db: Db, now = new Date()) {
	const c = db.$client;
	const states = Object.fromEntries(
		(c.prepare('SELECT state, count(*) AS n FROM signature GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n])
	);
	const flagged = c.prepare("SELECT count(*) FROM signature WHERE flagged = 1 AND state IN ('pending', 'confirmed')").pluck().get() as number;
	const since = now.getTime() - 30 * 24 * 3600_000;
	const perDay = c
		.prepare(
			`SELECT strftime('%Y-%m-%d', confirmed_at / 1000, 'unixepoch') AS day, count(*) AS n
			 FROM signature WHERE state = 'confirmed' AND confirmed_at >= ? GROUP BY day ORDER BY day`
		)
		.all(since) as { day: string; n: number }[];
	const topCountries = c
		.prepare('SELECT country, sum(signatures) AS n FROM country_counter GROUP BY country HAVING n > 0 ORDER BY n DESC LIMIT 10')
		.all() as { country: string; n: number }[];
	const outbox = Object.fromEntries(
		(c.prepare('SELECT state, count(*) AS n FROM mail_outbox GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n])
	);
	const oldestPending = c.prepare("SELECT min(created_at) FROM mail_outbox WHERE state = 'pending'").pluck().get() as number | null;
	const endorsements = Object.fromEntries(
		(c.prepare('SELECT state, count(*) AS n FROM endorsement GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n])
	);
	return {
		endorsements: { awaitingReview: endorsements.pending_review ?? 0, approved: endorsements.approved ?? 0 },
		signatures: { confirmed: states.confirmed ?? 0, pending: states.pending ?? 0, withdrawn: states.withdrawn ?? 0, rejected: (states.rejected ?? 0) + (states.invalidated ?? 0), flagged },
		perDay,
		topCountries,
		outbox: { pending: outbox.pending ?? 0, sent: outbox.sent ?? 0, failed: outbox.failed ?? 0, held: outbox.held ?? 0, oldestPendingMinutes: oldestPending ? Math.floor((now.getTime() - oldestPending) / 60000) : null }
	};
}

