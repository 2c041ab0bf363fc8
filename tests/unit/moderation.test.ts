import { describe, expect, it } from 'vitest';
import { getCounts } from '$lib/server/statements/counters';
import { auditEvent } from '$lib/server/db/schema';
import { applyBulkAction, moderateSignature, revertBulkAction } from '$lib/server/signatures/moderation';
import { countSignatures, getSignatureWithHistory, searchSignatures } from '$lib/server/signatures/queries';
import { createStaffUser } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, sign, signatureRows } from './helpers/signing';

let MOD = { actor: { id: 0, email: 'mod@eaz.example' }, ipHmac: 'h' };

async function moderatorIn(db: ReturnType<typeof openTestDb>) {
	const user = await createStaffUser(db, { email: 'mod@eaz.example', name: 'Mod', role: 'moderator' });
	MOD = { actor: { id: user.id, email: user.email }, ipHmac: 'h' };
}

function signAndConfirm(db: ReturnType<typeof openTestDb>, email: string, name = 'Some Person') {
	sign(db, { email, name });
	confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
}

describe('moderating individual signatures', () => {
	it('finds signatures by name, address, @domain, country and state', () => {
		const db = openTestDb();
		signAndConfirm(db, 'ilkin@mail.example', 'İlkin Əliyev');
		signAndConfirm(db, 'bot1@spam.example', 'Bot One');
		sign(db, { email: 'bot2@spam.example', name: 'Bot Two', country: 'DE' });
		expect(searchSignatures(db, { q: 'eliyev' }).rows.map((r) => r.name)).toEqual(['İlkin Əliyev']);
		expect(searchSignatures(db, { q: 'ILKIN@mail.example' }).rows).toHaveLength(1);
		expect(countSignatures(db, { q: '@spam.example' })).toBe(2);
		expect(countSignatures(db, { q: '@spam.example', state: 'confirmed' })).toBe(1);
		expect(countSignatures(db, { country: 'DE' })).toBe(1);
		expect(countSignatures(db, { q: '@nowhere.example' })).toBe(0);
	});

	it("lists each row's columns as the page shows them: flags, hidden, the moment signed", async () => {
		const db = openTestDb();
		await moderatorIn(db);
		signAndConfirm(db, 'first@spam.example', 'First');
		signAndConfirm(db, 'second@spam.example', 'Second');
		const [second] = signatureRows(db).filter((r) => r.email === 'second@spam.example');
		db.$client.prepare(`UPDATE signature SET flags = '["blocklisted_domain"]', flagged = 1 WHERE id = ?`).run(second.id);
		moderateSignature(db, second.id, 'hide', MOD);
		const { rows, next } = searchSignatures(db, { q: '@spam.example' }, null, 1);
		expect(rows).toEqual([
			{
				id: second.id,
				name: 'Second',
				email: 'second@spam.example',
				country: second.country,
				state: 'confirmed',
				flags: ['blocklisted_domain'],
				hidden: true,
				signedAt: second.createdAt.toISOString().slice(0, 16).replace('T', ' ')
			}
		]);
		expect(next).toBe(second.id);
		const older = searchSignatures(db, { q: '@spam.example' }, next, 1);
		expect(older.rows.map((r) => [r.name, r.flags, r.hidden])).toEqual([['First', [], false]]);
		expect(older.next).toBeNull();
	});

	it('hides (still counted), rejects and restores, with counters following and history kept', async () => {
		const db = openTestDb();
		await moderatorIn(db);
		signAndConfirm(db, 'a@example.org');
		const [row] = signatureRows(db);
		const count = () => getCounts(db, row.statementId).signatures;
		expect(moderateSignature(db, row.id, 'hide', MOD)).toBe(true);
		expect(count()).toBe(1);
		expect(moderateSignature(db, row.id, 'hide', MOD)).toBe(false);
		expect(moderateSignature(db, row.id, 'reject', { ...MOD, reason: 'not a real person' })).toBe(true);
		expect(count()).toBe(0);
		expect(moderateSignature(db, row.id, 'reject', MOD)).toBe(false);
		expect(moderateSignature(db, row.id, 'restore', MOD)).toBe(true);
		expect(count()).toBe(1);
		expect(signatureRows(db)[0].state).toBe('confirmed');
		const { history } = getSignatureWithHistory(db, row.id)!;
		expect(history.map((h) => h.action)).toEqual(['signature.restore', 'signature.reject', 'signature.hide']);
		expect(history[1]).toMatchObject({ actorEmail: 'mod@eaz.example', before: { state: 'confirmed' }, after: { state: 'rejected', reason: 'not a real person' } });
	});

	it('invalidates every match of a rule at once, keeps the rule, and undoes it', async () => {
		const db = openTestDb();
		await moderatorIn(db);
		for (let i = 0; i < 5; i++) signAndConfirm(db, `bot${i}@spam.example`);
		signAndConfirm(db, 'real@example.org');
		const statementId = signatureRows(db)[0].statementId;
		const rule = { q: '@spam.example' };
		expect(countSignatures(db, rule)).toBe(5);
		const { count, auditId } = await applyBulkAction(db, rule, 'invalidate', { ...MOD, reason: 'spam wave' });
		expect(count).toBe(5);
		expect(getCounts(db, statementId).signatures).toBe(1);
		const event = db.select().from(auditEvent).all().find((e) => e.id === auditId)!;
		expect(event).toMatchObject({ action: 'bulk.invalidate', after: { rule, count: 5, reason: 'spam wave' } });
		expect(await revertBulkAction(db, auditId, MOD)).toBe(5);
		expect(getCounts(db, statementId).signatures).toBe(6);
		expect(await revertBulkAction(db, auditId, MOD)).toBeNull();
	});

	it('works through a wave larger than a batch a batch at a time, letting other requests in between, as one undoable action', async () => {
		const db = openTestDb();
		await moderatorIn(db);
		for (let i = 0; i < 23; i++) signAndConfirm(db, `wave${i}@spam.example`);
		signAndConfirm(db, 'real@example.org');
		const statementId = signatureRows(db)[0].statementId;
		const rule = { q: '@spam.example', state: 'confirmed' as const };
		// A timer set now fires only when the action lets the event loop turn, between its batches.
		let turns = 0;
		const ticking = setInterval(() => turns++, 0);
		const { count, auditId } = await applyBulkAction(db, rule, 'invalidate', MOD, 5);
		clearInterval(ticking);
		expect(count).toBe(23);
		expect(turns).toBeGreaterThanOrEqual(3);
		expect(getCounts(db, statementId).signatures).toBe(1);
		expect(countSignatures(db, rule)).toBe(0);
		const entries = db.select().from(auditEvent).all().filter((e) => e.action === 'bulk.invalidate');
		expect(entries).toHaveLength(1);
		expect((entries[0].after as { ids: number[] }).ids).toHaveLength(23);
		expect(await revertBulkAction(db, auditId, MOD, 5)).toBe(23);
		expect(getCounts(db, statementId).signatures).toBe(24);
	});
});
