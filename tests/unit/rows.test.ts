import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, sources } from './helpers/sources';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertRow, updateRow } from '$lib/server/db/rows';
import { mailOutbox, statement } from '$lib/server/db/schema';
import { openTestDb } from './helpers/db';
import { seededStatement } from './helpers/signing';

describe('one row written by its id, through queries built once per set of columns', () => {
	it('converts values as the schema says, and writes null where a value was before', () => {
		const db = openTestDb();
		const at = new Date('2026-12-01T10:00:00Z');
		const id = insertRow(db, mailOutbox, { to: 'a@example.org', template: 'thanks', locale: 'de', payload: { name: 'Aynur' }, messageId: '<1@x>', nextAttemptAt: at });
		const raw = () => db.$client.prepare('SELECT payload, next_attempt_at AS next, sent_at AS sent, last_error AS error FROM mail_outbox WHERE id = ?').get(id);
		expect(raw()).toEqual({ payload: '{"name":"Aynur"}', next: at.getTime(), sent: null, error: null });
		updateRow(db, mailOutbox, id, { lastError: 'refused', sentAt: at });
		expect(raw()).toEqual({ payload: '{"name":"Aynur"}', next: at.getTime(), sent: at.getTime(), error: 'refused' });
		// The same columns the other way round: a query of its own, not the one with NULL in it.
		updateRow(db, mailOutbox, id, { lastError: null, sentAt: null, payload: {} });
		expect(raw()).toEqual({ payload: '{}', next: at.getTime(), sent: null, error: null });
	});

	it('stamps `updated_at` when the write happens, not when its query was first built', async () => {
		const db = openTestDb();
		const { id } = seededStatement(db);
		const stamp = () => db.select({ at: statement.updatedAt }).from(statement).where(eq(statement.id, id)).get()!.at.getTime();
		updateRow(db, statement, id, { signatureGoal: 10 });
		const first = stamp();
		await new Promise((resolve) => setTimeout(resolve, 15));
		updateRow(db, statement, id, { signatureGoal: 20 });
		expect(stamp()).toBeGreaterThan(first);
	});

	it('refuses a name that is not a column', () => {
		const db = openTestDb();
		expect(() => updateRow(db, mailOutbox, 1, { nope: 1 } as never)).toThrow(/not a column/);
	});
});

/** SQL text handed to the driver or run through Drizzle as a statement of its own. */
const OWN_SQL = [/\.prepare\(\s*[^)\s]/, /\b\w*(client|db|tx)\w*\.exec\(/i, /\b(db|tx)\.(run|all|get|values)\(\s*sql\b/];

describe('one way to write a query', () => {
	it('no code prepares SQL text of its own: queries are Drizzle\'s, built where they run or once (db/prepared.ts)', () => {
		// Backups count the rows of whatever tables the file holds; the health check asks the file itself.
		const allowed = ['src/lib/server/backup.ts', 'src/routes/healthz/+server.ts', 'src/lib/server/db/index.ts'];
		const offending = sources(join(ROOT, 'src'))
			.map((path) => relative(ROOT, path))
			.filter((path) => !allowed.includes(path))
			.flatMap((path) => {
				const text = readFileSync(join(ROOT, path), 'utf8');
				return OWN_SQL.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`);
			});
		expect(offending).toEqual([]);
	});

	it('the check finds SQL text prepared or run directly, however it is reached', () => {
		for (const text of ["client.prepare('SELECT 1')", 'const c = db.$client;\n\n\nc.prepare(query)', 'db.$client.exec(ddl)', 'tx.run(sql`DELETE FROM t`)', 'db.all(sql`SELECT 1`)', 'dbClient.exec("VACUUM")']) {
			expect(OWN_SQL.some((pattern) => pattern.test(text)), text).toBe(true);
		}
		for (const text of ['db.select().from(t).where(eq(t.id, sql.placeholder("id"))).prepare()', 'query.all({ id })', 'statement.run(values)', '/^a/.exec(text)']) {
			expect(OWN_SQL.some((pattern) => pattern.test(text)), text).toBe(false);
		}
	});
});
