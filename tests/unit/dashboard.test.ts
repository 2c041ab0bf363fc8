import { describe, expect, it } from 'vitest';
import { getDashboard } from '$lib/server/dashboard';
import { deliverDueMail, logDeliver } from '$lib/server/mail/worker';
import { applyBulkAction, moderateSignature } from '$lib/server/signatures/moderation';
import { purgeExpiredPending, withdrawSignature } from '$lib/server/signatures/commands';
import type { Db } from '$lib/server/db';
import { createStaffUser } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, sign } from './helpers/signing';


/** The same figures counted from the rows, the slow way the dashboard no longer takes. */
function recount(db: Db, since: number) {
	const c = db.$client;
	const n = (sql: string, ...args: unknown[]) => c.prepare(sql).pluck().get(...args) as number;
	return {
		signatures: {
			confirmed: n("SELECT count(*) FROM signature WHERE state = 'confirmed'"),
			pending: n("SELECT count(*) FROM signature WHERE state = 'pending'"),
			withdrawn: n("SELECT count(*) FROM signature WHERE state = 'withdrawn'"),
			rejected: n("SELECT count(*) FROM signature WHERE state IN ('rejected', 'invalidated')"),
			flagged: n("SELECT count(*) FROM signature WHERE flagged = 1 AND state IN ('pending', 'confirmed')")
		},
		perDay: c
			.prepare("SELECT date(confirmed_at / 1000, 'unixepoch') AS day, count(*) AS n FROM signature WHERE state = 'confirmed' AND confirmed_at >= ? GROUP BY day ORDER BY day")
			.all(since),
		outbox: {
			pending: n("SELECT count(*) FROM mail_outbox WHERE state = 'pending'"),
			sent: n("SELECT count(*) FROM mail_outbox WHERE state = 'sent'"),
			failed: n("SELECT count(*) FROM mail_outbox WHERE state = 'failed'"),
			held: n("SELECT count(*) FROM mail_outbox WHERE state = 'held'")
		}
	};
}

function expectSameAsRecount(db: Db, now: Date) {
	const shown = getDashboard(db, now);
	const counted = recount(db, Date.parse(new Date(now.getTime() - 30 * 24 * 3600_000).toISOString().slice(0, 10)));
	expect(shown.signatures).toEqual(counted.signatures);
	expect(shown.perDay).toEqual(counted.perDay);
	expect({ ...shown.outbox, oldestPendingMinutes: undefined }).toEqual({ ...counted.outbox, oldestPendingMinutes: undefined });
}

describe("the moderators' dashboard", () => {
	it('shows the same figures as counting the rows, through every kind of change', async () => {
		const db = openTestDb();
		const moderator = await createStaffUser(db, { email: 'mod@eaz.example', name: 'Mod', role: 'moderator' });
		const MOD = { actor: { id: moderator.id, email: moderator.email }, ipHmac: 'h' };
		const now = new Date();
		const day = 24 * 3600_000;
		const ids: number[] = [];
		for (let i = 0; i < 24; i++) {
			sign(db, { email: `person${i}@d${i % 4}.example`, name: `Person ${i}` });
			ids.push(db.$client.prepare('SELECT max(id) FROM signature').pluck().get() as number);
			// Confirmed over several days, some long ago.
			if (i % 3 !== 2) confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, new Date(now.getTime() - (i % 5) * 9 * day));
		}
		expectSameAsRecount(db, now);

		withdrawSignature(db, lastToken(db, 'withdraw'));
		db.$client.prepare('UPDATE signature SET flagged = 1 WHERE id IN (?, ?, ?)').run(ids[0], ids[2], ids[5]);
		moderateSignature(db, ids[0], 'reject', MOD);
		moderateSignature(db, ids[1], 'hide', MOD);
		moderateSignature(db, ids[0], 'restore', MOD);
		await applyBulkAction(db, { q: '@d3.example' }, 'invalidate', MOD);
		expectSameAsRecount(db, now);

		// Mail: some kept in the development mailbox, some failing; then unconfirmed signatures expire.
		await deliverDueMail(db, logDeliver, now, 10);
		await deliverDueMail(db, async () => {
			throw new Error('refused');
		}, now, 5);
		purgeExpiredPending(db, new Date(now.getTime() + 365 * day));
		db.$client.prepare('DELETE FROM signature WHERE id = ?').run(ids[4]);
		db.$client.prepare("DELETE FROM mail_outbox WHERE state = 'held'").run();
		expectSameAsRecount(db, now);
		expect(getDashboard(db, now).signatures.confirmed).toBeGreaterThan(0);
	});
});
