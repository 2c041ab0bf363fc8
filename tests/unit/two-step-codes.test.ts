import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { acceptTotpCode, encryptTotpKey, generateTotpKey } from '$lib/server/auth/totp';
import { LOCK_MS, recordWrongTwoStepCode, twoFactorLockedFor } from '$lib/server/auth/two-factor-lock';
import { resetConfigCache } from '$lib/server/config';
import { auditEvent, mailOutbox } from '$lib/server/db/schema';
import { renderMail } from '$lib/server/mail/templates';
import { createStaffUser, saveTotpKey } from '$lib/server/staff/accounts';
import { openTestDb } from './helpers/db';

const saved = { ...process.env };
beforeEach(() => {
	process.env.APP_SECRET = 'a-secret-for-the-two-step-tests-long-enough';
	resetConfigCache();
});
afterEach(() => {
	process.env = { ...saved };
	resetConfigCache();
});

const T = Date.UTC(2026, 11, 5, 12, 0, 0);
const codeAt = (key: Uint8Array, at: number) => generateHOTP(key, BigInt(Math.floor(at / 30_000)), 6);

async function moderator(db: ReturnType<typeof openTestDb>) {
	const user = await createStaffUser(db, { email: 'leyla@eaz.example', name: 'Leyla', role: 'moderator' });
	const key = generateTotpKey();
	saveTotpKey(db, user.id, encryptTotpKey(key));
	return { user: { ...user, totpKeyEncrypted: encryptTotpKey(key) }, key };
}

describe('two-step codes', () => {
	it('are accepted once: the same code, or an older one, is refused afterwards', async () => {
		const db = openTestDb();
		const { user, key } = await moderator(db);
		const code = codeAt(key, T);
		expect(acceptTotpCode(db, user, code, T)).toBe(true);
		// Seen over her shoulder and typed again ten seconds later: refused.
		expect(acceptTotpCode(db, user, code, T + 10_000)).toBe(false);
		expect(acceptTotpCode(db, user, codeAt(key, T - 30_000), T + 10_000)).toBe(false);
		// The next code is fine.
		expect(acceptTotpCode(db, user, codeAt(key, T + 30_000), T + 30_000)).toBe(true);
		expect(acceptTotpCode(db, user, '000000', T + 60_000) && acceptTotpCode(db, user, '111111', T + 60_000)).toBe(false);
	});

	it('lock the second step for fifteen minutes after more than ten wrong ones, and tell her and every administrator', async () => {
		const db = openTestDb();
		const { user } = await moderator(db);
		await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		const locked = [];
		for (let i = 0; i < 11; i++) locked.push(recordWrongTwoStepCode(db, user, { ipHmac: 'h', locale: 'de' }, T + i * 1000));
		expect(locked).toEqual([...Array(10).fill(false), true]);
		expect(twoFactorLockedFor(db, user.id, T + 11_000)).toBeGreaterThan(LOCK_MS - 2000);
		expect(twoFactorLockedFor(db, user.id, T + 10_000 + LOCK_MS + 1)).toBe(0);
		// One more wrong code while locked tells nobody again.
		expect(recordWrongTwoStepCode(db, user, { ipHmac: 'h', locale: 'de' }, T + 12_000)).toBe(false);
		const mails = db.select().from(mailOutbox).all();
		expect(mails.map((m) => m.to).sort()).toEqual(['chair@eaz.example', 'leyla@eaz.example']);
		const rendered = renderMail('staff_two_factor_locked', 'de', mails[0].payload);
		expect(rendered.subject).toBe('Zweiter Anmeldeschritt nach vielen falschen Codes gesperrt');
		expect(rendered.text).toContain('leyla@eaz.example');
		expect(db.select().from(auditEvent).all().map((e) => e.action)).toContain('staff.two_factor_locked');
	});
});
