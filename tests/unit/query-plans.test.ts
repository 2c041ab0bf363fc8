import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { getCounts, getCountsByCountry } from '$lib/server/statements/counters';
import { listNewestEndorsers, listPublicEndorsers } from '$lib/server/endorsements/public-list';
import { countSignatures, searchSignatures } from '$lib/server/signatures/queries';
import { listPublicSignatories } from '$lib/server/signatures/public-list';
import { getSignatureByWithdrawToken } from '$lib/server/signatures/queries';
import { getSigningTarget } from '$lib/server/statements/queries';
import { runScheduledJobs } from '$lib/server/jobs';
import { anonymiseClosedStatements } from '$lib/server/privacy/retention';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/auth/session';
import { createStaffUser } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, sign } from './helpers/signing';

/** Every statement the code prepares while `work` runs, with the values it ran with. */
function recordQueries(client: Database.Database, work: () => void): { sql: string; args: unknown[] }[] {
	const seen: { sql: string; args: unknown[] }[] = [];
	const prepare = client.prepare.bind(client);
	client.prepare = ((sql: string) => {
		const statement = prepare(sql);
		for (const method of ['run', 'get', 'all', 'iterate'] as const) {
			const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
			(statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
				seen.push({ sql, args });
				return original(...args);
			};
		}
		return statement;
	}) as typeof client.prepare;
	try {
		work();
	} finally {
		client.prepare = prepare as typeof client.prepare;
	}
	return seen;
}

describe('the queries a surge runs', () => {
	it('read the big tables through an index, never by scanning them', () => {
		const db = openTestDb();
		const client = db.$client;
		let statementId = 0;
		// Recorded from the first query on: statements prepared once are reused, not prepared again.
		const queries = recordQueries(client, () => {
			for (let i = 0; i < 20; i++) sign(db, { email: `p${i}@d${i % 3}.example`, name: `Person ${i}` });
			statementId = client.prepare('SELECT id FROM statement').pluck().get() as number;
			getSigningTarget(db, 'mine-contaminated-areas', 'de');
			sign(db, { email: 'new@d1.example' });
			confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
			getSignatureByWithdrawToken(db, 'x'.repeat(32));
			getCounts(db, statementId);
			getCountsByCountry(db, statementId);
			listPublicSignatories(db, statementId, { limit: 50 });
			listPublicSignatories(db, statementId, { after: '1893456000000-5', country: 'AZ' });
			// Searches by name, public and the moderators': through the name indexes.
			listPublicSignatories(db, statementId, { q: 'ammədo' });
			listPublicSignatories(db, statementId, { q: 'ay', country: 'AZ', after: '0-50' });
			searchSignatures(db, { q: 'rson' });
			countSignatures(db, { q: 'rson', state: 'confirmed' });
			searchSignatures(db, { q: '@d1.example' });
			searchSignatures(db, { q: '@d1.example', state: 'pending', flagged: true }, 1_000_000);
			countSignatures(db, { q: '@d1.example' });
			countSignatures(db, { q: '@d1.example', hidden: false });
			listPublicEndorsers(db, statementId, { after: 'YQ.3', country: 'DE' });
			listNewestEndorsers(db, statementId, 24);
			// The jobs every ten minutes: a scan of a million rows would stall every request meanwhile.
			runScheduledJobs(db);
			// Anonymising a closed statement, a batch at a time: each batch walks the ids onward.
			client.prepare("UPDATE statement SET status = 'closed', closed_at = 0").run();
			anonymiseClosedStatements(db, 6, new Date(), 5);
			anonymiseClosedStatements(db, 6, new Date(), 5);
		});
		const plans = queries
			.filter((q) => /\b(signature|endorsement|mail_outbox|signatory_search|ledger_leaf|ledger_node)\b/i.test(q.sql) && /^\s*(select|update|delete)/i.test(q.sql))
			// (The test's own look into the outbox for the confirmation link reads it whole.)
			.filter((q) => !(/from "mail_outbox"/i.test(q.sql) && !/where/i.test(q.sql)))
			.map((q) => ({ sql: q.sql.replace(/\s+/g, ' '), plan: (client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[]).map((r) => r.detail) }));
		expect(plans.length).toBeGreaterThan(10);
		const scans = plans.filter((p) => p.plan.some((line) => /^SCAN (signature|endorsement|mail_outbox|ledger_leaf|ledger_node)\b(?! USING)/.test(line)));
		expect(scans).toEqual([]);
		// A search by @domain (a spam wave's usual mark), with or without the list's other filters,
		// reads its page and its count off one index, newest first without sorting, and never visits
		// the table: the list's columns are in the index, so 50 rows are a few adjacent index pages
		// instead of 50 pages scattered over the table.
		const batch = plans.filter((p) => p.sql.includes('+"signature"."statement_id"'));
		expect(batch.length).toBeGreaterThanOrEqual(2);
		for (const { plan } of batch) expect(plan.join(' ')).toBe('SEARCH signature USING INTEGER PRIMARY KEY (rowid>?)');
		// A name search finds its rows in a full-text index and then reads each by its id: neither
		// the public list nor the moderators' walks the signatures of a statement to compare names.
		const byName = plans.filter((p) => /\bMATCH\b/.test(p.sql));
		expect(byName.length).toBeGreaterThanOrEqual(4);
		for (const { plan } of byName) expect(plan.join(' ')).toMatch(/(signatory|signature_name)_search VIRTUAL TABLE INDEX/);
		const publicRows = plans.filter((p) => p.sql.includes('json_each'));
		expect(publicRows.length).toBeGreaterThanOrEqual(1);
		// (At most one round of ids, 200, is sorted.)
		for (const { plan } of publicRows) expect(plan.join(' ')).toMatch(/^SCAN c VIRTUAL TABLE INDEX \d+:.* SEARCH signature USING INTEGER PRIMARY KEY \(rowid=\?\)/);
		expect(plans.filter((p) => /name_key" like/i.test(p.sql))).toEqual([]);
		const domain = plans.filter((p) => /^\s*select/i.test(p.sql) && p.sql.includes('"email_domain" = ?'));
		expect(domain.length).toBe(4);
		for (const { plan } of domain) {
			expect(plan.join(' ')).toMatch(/USING COVERING INDEX signature_email_domain_list_idx/);
			expect(plan.join(' ')).not.toMatch(/TEMP B-TREE/);
		}
	});

	it("find a moderator's session by its primary keys, also when statistics say the tables hold one row", async () => {
		const db = openTestDb();
		const client = db.$client;
		const user = await createStaffUser(db, { email: 'mod@example.org', name: 'Mod', role: 'moderator' });
		const token = generateSessionToken();
		createSession(db, token, user.id, true);
		// What `PRAGMA optimize` leaves behind on a small installation (and the benchmark's seed).
		client.exec('ANALYZE');
		const queries = recordQueries(client, () => expect(validateSessionToken(db, token).user?.id).toBe(user.id));
		const plans = queries.map((q) => (client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[]).map((r) => r.detail).join(' | '));
		expect(plans).toEqual([
			expect.stringMatching(/^SEARCH admin_session USING INDEX sqlite_autoindex_admin_session_1 \(id=\?\)$/),
			expect.stringMatching(/^SEARCH admin_user USING INTEGER PRIMARY KEY \(rowid=\?\)$/)
		]);
	});
});
