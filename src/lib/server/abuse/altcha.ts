import { createChallenge, randomInt } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { create, deriveHmacKeySecret } from 'altcha-lib/frameworks/sveltekit';
import { eq, lt, sql } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { preparedQuery } from '../db/prepared';
import { altchaUsed } from '../db/schema';
import { getAbuseSettings, getAppSecret } from '../config';

export type AltchaVerdict = 'verified' | 'missing' | 'invalid' | 'too_fast';

let secrets: { signature: string; key: string } | null = null;

async function getSecrets() {
	secrets ??= {
		signature: await deriveHmacKeySecret(`altcha-signature:${getAppSecret()}`),
		key: await deriveHmacKeySecret(`altcha-key:${getAppSecret()}`)
	};
	return secrets;
}

/** A fresh proof-of-work challenge, signed, stamped with the time it was issued and the least time a form takes. */
export async function issueChallenge(now = Date.now()) {
	const { altchaCost, altchaTtlSeconds, minFillSeconds } = getAbuseSettings();
	const { signature, key } = await getSecrets();
	return createChallenge({
		algorithm: 'PBKDF2/SHA-256',
		cost: altchaCost,
		counter: randomInt(altchaCost, Math.ceil(altchaCost * 2.5)),
		deriveKey,
		hmacSignatureSecret: signature,
		hmacKeySignatureSecret: key,
		expiresAt: new Date(now + altchaTtlSeconds * 1000),
		// The form reads minFillSeconds to hold back a submission that would come too soon.
		data: { issuedAt: String(now), minFillSeconds: String(minFillSeconds) }
	});
}

export type AltchaCheck = { verdict: AltchaVerdict; challenge: UsedChallenge | null };
/** A solved challenge, to be recorded as spent with what it proved (see spendChallenge). */
export type UsedChallenge = { id: string; expiresAt: number };

/**
 * Check the proof-of-work that came with a form, without writing anything: a challenge already
 * spent is refused here, and the one that passed is returned, for the write that keeps the
 * submission to record it as spent in the same commit (spendChallenge).
 */
export async function checkAltcha(db: Connection, payload: unknown, now = Date.now()): Promise<AltchaCheck> {
	if (typeof payload !== 'string' || payload === '') return { verdict: 'missing', challenge: null };
	if (payload.length > 10_000) return { verdict: 'invalid', challenge: null };
	const { altchaTtlSeconds, minFillSeconds } = getAbuseSettings();
	const { signature, key } = await getSecrets();
	let challenge: UsedChallenge | null = null;
	const store = {
		get: () => undefined,
		set: () => undefined,
		setIfAbsent: (id: string) => {
			challenge = { id, expiresAt: now + altchaTtlSeconds * 1000 };
			const spent = preparedQuery(db, 'altcha_used spent', () =>
				db.select({ id: altchaUsed.id }).from(altchaUsed).where(eq(altchaUsed.id, sql.placeholder('id'))).prepare()
			);
			return spent.get({ id }) === undefined;
		}
	};
	const { verify } = create({ deriveKey, hmacSignatureSecret: signature, hmacKeySignatureSecret: key, store });
	const result = await verify(payload, deriveKey, signature, key, store);
	if (result.error || !result.verification?.verified || !challenge) return { verdict: 'invalid', challenge: null };
	const data = (result.payload as { challenge?: { parameters?: { data?: { issuedAt?: string } } } }).challenge;
	const issuedAt = Number(data?.parameters?.data?.issuedAt);
	if (!Number.isFinite(issuedAt)) return { verdict: 'invalid', challenge: null };
	return { verdict: now - issuedAt < minFillSeconds * 1000 ? 'too_fast' : 'verified', challenge };
}

/**
 * Record a challenge as spent, in the transaction that keeps what it proved: false when it was
 * spent already (two submissions with one solution at once: an atomic insert lets one through).
 */
export function spendChallenge(tx: Connection, challenge: UsedChallenge): boolean {
	const spend = preparedQuery(tx, 'altcha_used spend', () =>
		tx.insert(altchaUsed).values({ id: sql.placeholder('id'), expiresAt: sql.placeholder('expiresAt') }).onConflictDoNothing().prepare()
	);
	return spend.run({ id: challenge.id, expiresAt: new Date(challenge.expiresAt) }).changes === 1;
}

/** Forget used challenges that have expired anyway. */
export function purgeUsedChallenges(db: Db, now = new Date()): number {
	return db.delete(altchaUsed).where(lt(altchaUsed.expiresAt, now)).run().changes;
}

