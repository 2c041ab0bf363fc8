import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import { adminSession } from '$lib/server/db/schema';
import { checkPasswordStrength, hashPassword, verifyPasswordHash } from '$lib/server/auth/password';
import {
	ABSOLUTE_TIMEOUT_MS,
	createSession,
	generateSessionToken,
	IDLE_TIMEOUT_MS,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '$lib/server/auth/session';
import { MAX_DELAY_MS, Throttle } from '$lib/server/auth/throttle';
import {
	decryptTotpKey,
	encryptTotpKey,
	generateTotpKey,
	replaceRecoveryCodes,
	totpKeyUri,
	useRecoveryCode,
	verifyTotpCode
} from '$lib/server/auth/totp';
import { resetConfigCache } from '$lib/server/config';

// The real hashing, counted: whether a refusal came before any password was hashed.
vi.mock('$lib/server/auth/password', async (original) => {
	const real = await original<typeof import('$lib/server/auth/password')>();
	return { ...real, hashPassword: vi.fn(real.hashPassword) };
});
import { completeFirstAdminSetup, createFirstAdminSetupLink, createStaffUser, hasActiveAdmin } from '$lib/server/staff/accounts';
import { join } from 'node:path';
import { openDatabase } from '$lib/server/db';
import { makeTempDir, openTestDb } from './helpers/db';

const saved = { ...process.env };
beforeEach(() => {
	process.env.APP_SECRET = 'a-secret-for-the-auth-tests-long-enough';
	resetConfigCache();
});
afterEach(() => {
	process.env = { ...saved };
	resetConfigCache();
});

describe('sessions', () => {
	it('store only the hash of the token and find the person by the token', async () => {
		const db = openTestDb();
		const user = await createStaffUser(db, { email: 'Mod@Example.org', name: 'Mod', role: 'moderator' });
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		createSession(db, token, user.id, false);
		const [row] = db.select().from(adminSession).all();
		expect(row.id).not.toContain(token);
		// The Lucia guide's id, SHA-256 of the token in hex: sessions already stored stay valid.
		expect(row.id).toBe(createHash('sha256').update(token).digest('hex'));
		const found = validateSessionToken(db, token);
		expect(found.user?.email).toBe('mod@example.org');
		expect(validateSessionToken(db, generateSessionToken()).session).toBeNull();
	});

	it('end after 12 idle hours and after 7 days whatever the activity', async () => {
		const db = openTestDb();
		const user = await createStaffUser(db, { email: 'a@example.org', name: 'A', role: 'admin' });
		const t0 = new Date('2026-11-01T08:00:00Z');
		const idle = generateSessionToken();
		createSession(db, idle, user.id, true, t0);
		expect(validateSessionToken(db, idle, new Date(t0.getTime() + IDLE_TIMEOUT_MS - 1000)).session).not.toBeNull();
		expect(validateSessionToken(db, idle, new Date(t0.getTime() + 2 * IDLE_TIMEOUT_MS - 2000)).session).not.toBeNull();
		expect(validateSessionToken(db, idle, new Date(t0.getTime() + 3 * IDLE_TIMEOUT_MS)).session).toBeNull();

		const busy = generateSessionToken();
		createSession(db, busy, user.id, true, t0);
		let now = t0.getTime();
		while (now < t0.getTime() + ABSOLUTE_TIMEOUT_MS - IDLE_TIMEOUT_MS) {
			now += IDLE_TIMEOUT_MS / 2;
			expect(validateSessionToken(db, busy, new Date(now)).session).not.toBeNull();
		}
		expect(validateSessionToken(db, busy, new Date(t0.getTime() + ABSOLUTE_TIMEOUT_MS)).session).toBeNull();
	});

	it('end at logout, for a disabled account, and everywhere on request', async () => {
		const db = openTestDb();
		const user = await createStaffUser(db, { email: 'a@example.org', name: 'A', role: 'admin' });
		const [one, two] = [generateSessionToken(), generateSessionToken()];
		const s1 = createSession(db, one, user.id, true);
		createSession(db, two, user.id, true);
		invalidateSession(db, s1.id);
		expect(validateSessionToken(db, one).session).toBeNull();
		expect(validateSessionToken(db, two).session).not.toBeNull();
		invalidateUserSessions(db, user.id);
		expect(validateSessionToken(db, two).session).toBeNull();
	});
});

describe('passwords', () => {
	it('are argon2id hashes that verify only the right password', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash).toMatch(/^\$argon2id\$/);
		expect(await verifyPasswordHash(hash, 'correct horse battery staple')).toBe(true);
		expect(await verifyPasswordHash(hash, 'correct horse battery stapler')).toBe(false);
		expect(await verifyPasswordHash('not a hash', 'x')).toBe(false);
	});

	it('must be long enough and not obvious', async () => {
		expect(await checkPasswordStrength('short')).toBe('admin.errors.passwordShort');
		expect(await checkPasswordStrength('aaaaaaaaaaaaaaa')).toBe('admin.errors.passwordCommon');
		expect(await checkPasswordStrength('Password1234')).toBe('admin.errors.passwordCommon');
		// From the 10,000+ most common leaked passwords (ASVS 2.1.7), and with digits put after one.
		for (const leaked of ['1qaz2wsx3edc', 'qwerty123456', 'LeaveMeAlone', 'leavemealone2026!', 'sunshine123456']) {
			expect(await checkPasswordStrength(leaked), leaked).toBe('admin.errors.passwordCommon');
		}
		expect(await checkPasswordStrength('my name is ayla.m and more', 'ayla.m@example.org')).toBe('admin.errors.passwordEmail');
		expect(await checkPasswordStrength('a sentence that I remember')).toBeNull();
	});
});

describe('two-factor', () => {
	it('keeps TOTP keys encrypted with APP_SECRET and accepts the current code', () => {
		const key = generateTotpKey();
		const encrypted = encryptTotpKey(key);
		expect(encrypted).not.toContain(Buffer.from(key).toString('base64url'));
		expect(decryptTotpKey(encrypted)).toEqual(key);
		expect(verifyTotpCode(key, generateTOTP(key, 30, 6))).toBe(true);
		expect(verifyTotpCode(key, '000000') && verifyTotpCode(key, '111111')).toBe(false);
		expect(totpKeyUri('a@example.org', key)).toMatch(/^otpauth:\/\/totp\/Undersigned:a%40example.org\?/);
		// A forged value with a cut tag (4 bytes are far easier to guess than 16) is refused.
		const [iv, tag, data] = encrypted.split('.');
		const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
		expect(() => decryptTotpKey([iv, shortTag, data].join('.'))).toThrow();
		process.env.APP_SECRET = 'another-secret-just-as-long-as-the-first';
		resetConfigCache();
		expect(() => decryptTotpKey(encrypted)).toThrow();
	});

	it('recovery codes work once each', async () => {
		const db = openTestDb();
		const user = await createStaffUser(db, { email: 'a@example.org', name: 'A', role: 'admin' });
		const codes = replaceRecoveryCodes(db, user.id);
		expect(codes).toHaveLength(10);
		expect(useRecoveryCode(db, user.id, codes[3].toUpperCase())).toBe(true);
		expect(useRecoveryCode(db, user.id, codes[3])).toBe(false);
		expect(useRecoveryCode(db, user.id, 'aaaa-bbbb-cccc-dddd')).toBe(false);
		const fresh = replaceRecoveryCodes(db, user.id);
		expect(useRecoveryCode(db, user.id, codes[4])).toBe(false);
		expect(useRecoveryCode(db, user.id, fresh[0])).toBe(true);
	});
});

describe('sign-in throttling', () => {
	it('lets five failures pass, then doubles the wait from one second', () => {
		const db = openTestDb();
		const throttle = new Throttle(5, () => db);
		let now = 1_000_000;
		for (let i = 0; i < 4; i++) {
			throttle.recordFailure('k', now);
			expect(throttle.retryAfter('k', now)).toBe(0);
		}
		throttle.recordFailure('k', now);
		expect(throttle.retryAfter('k', now)).toBe(1000);
		now += 1000;
		expect(throttle.retryAfter('k', now)).toBe(0);
		throttle.recordFailure('k', now);
		expect(throttle.retryAfter('k', now)).toBe(2000);
		now += 2000;
		throttle.recordFailure('k', now);
		expect(throttle.retryAfter('k', now)).toBe(4000);
		expect(throttle.retryAfter('other', now)).toBe(0);
		throttle.recordSuccess('k');
		expect(throttle.retryAfter('k', now)).toBe(0);
	});

	it('never makes anyone wait more than fifteen minutes, and forgets failures with time', () => {
		const db = openTestDb();
		const throttle = new Throttle(5, () => db);
		let now = 1_000_000;
		for (let i = 0; i < 40; i++) {
			now += throttle.retryAfter('k', now);
			throttle.recordFailure('k', now);
		}
		expect(throttle.retryAfter('k', now)).toBe(MAX_DELAY_MS);
		// Waiting out the longest wait does not undo it; five quiet hours halve 41 failures five times.
		now += MAX_DELAY_MS;
		throttle.recordFailure('k', now);
		expect(throttle.retryAfter('k', now)).toBe(MAX_DELAY_MS);
		now += 5 * 60 * 60 * 1000;
		throttle.recordFailure('k', now);
		expect(throttle.retryAfter('k', now)).toBe(0);
	});

	it("does not lock a moderator out with someone else's failures on her account, and survives a restart", () => {
		const dir = makeTempDir();
		const file = join(dir, 'throttle.db');
		let db = openDatabase(file);
		const now = Date.now();
		const at = (conn: typeof db) => () => conn;
		let throttles = { pair: new Throttle(5, at(db)) };
		// An attacker at one address fails ten times on Leyla's account.
		for (let i = 0; i < 10; i++) throttles.pair.recordFailure('password:leyla@eaz.example|attacker', now);
		expect(throttles.pair.retryAfter('password:leyla@eaz.example|attacker', now)).toBeGreaterThan(0);
		// Leyla, at her own address, is not kept waiting.
		expect(throttles.pair.retryAfter('password:leyla@eaz.example|leyla', now)).toBe(0);
		db.$client.close();
		db = openDatabase(file);
		throttles = { pair: new Throttle(5, at(db)) };
		expect(throttles.pair.retryAfter('password:leyla@eaz.example|attacker', now)).toBeGreaterThan(0);
		db.$client.close();
	});
});

describe('the first administrator', () => {
	it('comes from a one-time setup link, valid one hour, printed only while there is none', async () => {
		const db = openTestDb();
		const t0 = new Date();
		const first = createFirstAdminSetupLink(db, 'http://localhost:3000', t0)!;
		const second = createFirstAdminSetupLink(db, 'http://localhost:3000', t0)!;
		const token = (link: string) => link.split('/').pop()!;
		const account = { email: 'Chair@Example.org', name: 'Chair', password: 'a long and careful sentence' };
		expect(await completeFirstAdminSetup(db, token(first), account, null, t0)).toBeNull();
		const late = new Date(t0.getTime() + 61 * 60 * 1000);
		expect(await completeFirstAdminSetup(db, token(second), account, null, late)).toBeNull();
		const user = await completeFirstAdminSetup(db, token(second), account, null, t0);
		expect(user).toMatchObject({ email: 'chair@example.org', role: 'admin' });
		expect(hasActiveAdmin(db)).toBe(true);
		expect(await completeFirstAdminSetup(db, token(second), account, null, t0)).toBeNull();
		expect(createFirstAdminSetupLink(db, 'http://localhost:3000')).toBeNull();
	});

	it('is refused for a wrong or spent link before any password is hashed', async () => {
		const db = openTestDb();
		const link = createFirstAdminSetupLink(db, 'http://localhost:3000')!;
		const account = { email: 'chair@example.org', name: 'Chair', password: 'a long and careful sentence' };
		const hashed = vi.mocked(hashPassword);
		hashed.mockClear();
		for (let i = 0; i < 10; i++) expect(await completeFirstAdminSetup(db, `wrong${i}`.padEnd(32, 'x'), account, null)).toBeNull();
		expect(hashed).not.toHaveBeenCalled();
		expect(await completeFirstAdminSetup(db, link.split('/').pop()!, account, null)).not.toBeNull();
		expect(hashed).toHaveBeenCalledTimes(1);
		for (let i = 0; i < 10; i++) expect(await completeFirstAdminSetup(db, link.split('/').pop()!, account, null)).toBeNull();
		expect(hashed).toHaveBeenCalledTimes(1);
	});
});
