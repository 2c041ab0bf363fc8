import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { admitSubmission, assessSubmission as assess } from '$lib/server/abuse';
import { issueChallenge, purgeUsedChallenges } from '$lib/server/abuse/altcha';
import { clientNetwork, hashIp } from '$lib/server/abuse/ip';
import { getAppSecret, resetConfigCache } from '$lib/server/config';
import { join } from 'node:path';
import { openDatabase, type Db } from '$lib/server/db';
import { sign } from '$lib/server/signatures/commands';
import { makeTempDir, openTestDb } from './helpers/db';
import { input, ORIGIN, seededStatement, signatureRows } from './helpers/signing';

const saved = { ...process.env };
beforeEach(() => {
	process.env.APP_SECRET = 'test-secret-for-abuse-checks-long-enough';
	process.env.ALTCHA_COST = '50';
	process.env.SIGN_MIN_FILL_SECONDS = '3';
	process.env.SIGN_RATE_BURST = '3';
	process.env.SIGN_RATE_DAILY = '100';
	resetConfigCache();
});
afterEach(() => {
	process.env = { ...saved };
	resetConfigCache();
});

/** What the browser widget sends: base64 JSON of the challenge and its solution. */
async function solvedPayload(issuedAt: number): Promise<string> {
	const challenge = await issueChallenge(issuedAt);
	const solution = await solveChallenge({ challenge, deriveKey });
	return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** The checks, then what the write that keeps a submission does with it: as the sign form runs them. */
async function assessSubmission(db: Db, submission: Parameters<typeof assess>[1], now: Date) {
	const verdict = await assess(db, submission, now);
	if (verdict.action !== 'store') return verdict;
	const flags = admitSubmission(db, verdict, now);
	return flags ? { action: 'store' as const, flags, ipHmac: verdict.ipHmac } : { action: 'retry' as const };
}

// The library checks expiry against the real clock, so the tests' clock starts now.
const T0 = Date.now();
const after = (seconds: number) => new Date(T0 + seconds * 1000);
let n = 0;
const submission = (altcha: unknown, honeypot: unknown = '') => ({ altcha, honeypot, clientAddress: `203.0.113.${++n % 250}` });

describe('abuse checks on a valid signature', () => {
	it('keeps a signature with a fresh proof-of-work, unflagged', async () => {
		const db = openTestDb();
		const verdict = await assessSubmission(db, submission(await solvedPayload(T0)), after(10));
		expect(verdict).toMatchObject({ action: 'store', flags: [] });
	});

	it('refuses a replayed proof-of-work and keeps nothing', async () => {
		const db = openTestDb();
		const payload = await solvedPayload(T0);
		expect((await assessSubmission(db, submission(payload), after(10))).action).toBe('store');
		expect((await assessSubmission(db, submission(payload), after(11))).action).toBe('retry');
	});

	it('keeps one of two submissions sent at once with one solution, and writes nothing before the submission is kept', async () => {
		const db = openTestDb();
		const payload = await solvedPayload(T0);
		const [first, second] = await Promise.all([assess(db, submission(payload), after(10)), assess(db, submission(payload), after(10))]);
		expect([first.action, second.action]).toEqual(['store', 'store']);
		// Nothing spent yet: the checks wrote nothing.
		expect(db.$client.prepare('SELECT count(*) FROM altcha_used').pluck().get()).toBe(0);
		expect(admitSubmission(db, first as Extract<typeof first, { action: 'store' }>, after(10))).toEqual([]);
		expect(admitSubmission(db, second as Extract<typeof second, { action: 'store' }>, after(10))).toBeNull();
	});

	it('signs through the group commit: of two signatures sent at once with one solution, one is kept and the other refused with nothing kept', async () => {
		const db = openTestDb();
		const statement = seededStatement(db);
		const payload = await solvedPayload(T0);
		const verdicts = await Promise.all([assess(db, submission(payload), after(10)), assess(db, submission(payload), after(10))]);
		const ctx = { statementId: statement.id, versionHash: statement.contentHash, locale: 'en' as const, origin: ORIGIN, now: after(10) };
		const outcomes = await Promise.all(
			verdicts.map((verdict, i) => sign(db, input({ email: `signer${i}@example.org` }), ctx, verdict as Extract<typeof verdict, { action: 'store' }>))
		);
		expect(outcomes).toEqual(['created', 'refused']);
		expect(signatureRows(db).map((row) => row.email)).toEqual(['signer0@example.org']);
		expect(db.$client.prepare('SELECT count(*) FROM altcha_used').pluck().get()).toBe(1);
	});

	it('refuses a forged or expired proof-of-work', async () => {
		const db = openTestDb();
		const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
		const wrongKey = JSON.parse(Buffer.from(await solvedPayload(T0), 'base64').toString());
		wrongKey.solution.derivedKey = wrongKey.solution.derivedKey.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
		expect((await assessSubmission(db, submission(encode(wrongKey)), after(10))).action).toBe('retry');
		// Backdating the issue time to beat the fill-time check breaks the challenge's signature.
		const backdated = JSON.parse(Buffer.from(await solvedPayload(T0), 'base64').toString());
		backdated.challenge.parameters.data.issuedAt = String(T0 - 60_000);
		expect((await assessSubmission(db, submission(encode(backdated)), after(1))).action).toBe('retry');
		expect((await assessSubmission(db, submission('bm90IGpzb24='), after(10))).action).toBe('retry');
		const expired = await solvedPayload(T0 - 31 * 60 * 1000);
		expect((await assessSubmission(db, submission(expired), after(10))).action).toBe('retry');
	});

	it('keeps a signature without proof-of-work (no JavaScript), flagged no_pow', async () => {
		const db = openTestDb();
		expect(await assessSubmission(db, submission(undefined), after(0))).toMatchObject({ action: 'store', flags: ['no_pow'] });
		expect(await assessSubmission(db, submission(''), after(0))).toMatchObject({ action: 'store', flags: ['no_pow'] });
	});

	it('pretends to a bot that filled the honeypot or was faster than a person', async () => {
		const db = openTestDb();
		expect(await assessSubmission(db, submission(undefined, 'http://spam'), after(0))).toEqual({ action: 'pretend' });
		const tooFast = await solvedPayload(T0);
		expect(await assessSubmission(db, submission(tooFast), after(1))).toEqual({ action: 'pretend' });
		// Its solution was spent: sending it again once enough time has passed gains nothing.
		expect((await assessSubmission(db, submission(tooFast), after(10))).action).toBe('retry');
	});

	it("tells the page's script, in the signed challenge, how long a person's form takes at least", async () => {
		const challenge = await issueChallenge(T0);
		expect(challenge.parameters.data).toEqual({ issuedAt: String(T0), minFillSeconds: '3' });
	});

	it('flags, but keeps, signatures over the rate limit of one address', async () => {
		const db = openTestDb();
		const from = { altcha: undefined, honeypot: '', clientAddress: '198.51.100.7' };
		const verdicts = [];
		for (let i = 0; i < 5; i++) verdicts.push(await assessSubmission(db, from, after(i)));
		expect(verdicts.map((v) => v.action)).toEqual(Array(5).fill('store'));
		expect(verdicts.map((v) => ('flags' in v ? v.flags.includes('rate_limited') : null))).toEqual([false, false, false, true, true]);
	});

	it('does nothing but hash the address when protection is off', async () => {
		process.env.ABUSE_PROTECTION = 'off';
		const db = openTestDb();
		expect(await assessSubmission(db, submission(undefined, 'filled'), after(0))).toMatchObject({ action: 'store', flags: [] });
	});

	it('forgets used challenges once they expire', async () => {
		const db = openTestDb();
		await assessSubmission(db, submission(await solvedPayload(T0)), after(10));
		expect(purgeUsedChallenges(db, after(60))).toBe(0);
		expect(purgeUsedChallenges(db, after(31 * 60 + 10))).toBe(1);
	});
});

describe('stored IP addresses', () => {
	it('are HMACs that match within a day and differ across days', () => {
		const a = hashIp('203.0.113.9', new Date('2026-11-26T01:00:00Z'));
		expect(a).toBe(hashIp('203.0.113.9', new Date('2026-11-26T23:00:00Z')));
		expect(a).not.toBe(hashIp('203.0.113.9', new Date('2026-11-27T01:00:00Z')));
		expect(a).not.toContain('203');
	});

	it('use a key derived from the app secret and the day, also when the day changes back and forth', () => {
		const expected = (ip: string, day: string) => {
			const key = createHmac('sha256', getAppSecret()).update(`ip-key:${day}`).digest();
			return createHmac('sha256', key).update(ip).digest('base64url').slice(0, 32);
		};
		for (const [ip, at] of [['203.0.113.9', '2026-11-26T05:00:00Z'], ['2001:db8::1', '2026-11-27T05:00:00Z'], ['203.0.113.9', '2026-11-26T06:00:00Z']]) {
			expect(hashIp(ip, new Date(at))).toBe(expected(clientNetwork(ip), at.slice(0, 10)));
		}
	});

	it('key an IPv6 client on its /64, which it can fill at will, and an IPv4 one on its address', () => {
		expect(clientNetwork('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
		expect(clientNetwork('2001:0db8:00aa:00bb::9')).toBe('2001:db8:aa:bb::/64');
		expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
		expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(clientNetwork('::ffff:198.51.100.7')).toBe('198.51.100.7');
		expect(clientNetwork('198.51.100.7')).toBe('198.51.100.7');
		const at = new Date('2026-11-27T05:00:00Z');
		expect(hashIp('2001:db8:aa:bb:ffff::1', at)).toBe(hashIp('2001:db8:aa:bb:1::2', at));
		expect(hashIp('2001:db8:aa:bc::1', at)).not.toBe(hashIp('2001:db8:aa:bb::1', at));
		expect(hashIp('198.51.100.7', at)).not.toBe(hashIp('198.51.100.8', at));
	});

	it('keep their counts in the database: a restart of the server does not reset them', async () => {
		const dir = makeTempDir();
		const file = join(dir, 'limits.db');
		const from = { altcha: undefined, honeypot: '', clientAddress: '2001:db8:1:2::7' };
		let db = openDatabase(file);
		for (let i = 0; i < 3; i++) expect((await assessSubmission(db, from, after(i))).action).toBe('store');
		db.$client.close();
		db = openDatabase(file);
		// Another address of the same /64, after the restart: the fourth in the minute, over the burst of three.
		const verdict = await assessSubmission(db, { ...from, clientAddress: '2001:db8:1:2:ffff::1' }, after(3));
		expect(verdict.action === 'store' && verdict.flags).toContain('rate_limited');
		db.$client.close();
	});
});
