import { createChallenge, randomInt } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { create, deriveHmacKeySecret } from 'altcha-lib/frameworks/sveltekit';
import { lt } from 'drizzle-orm';
import type { Db } from '../db';
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

/**
 * Check the proof-of-work that came with a form. A solution counts once: its challenge is recorded
 * in the database until it expires (an atomic insert, so two simultaneous replays cannot both pass).
 */
export async function checkAltcha(db: Db, payload: unknown, now = Date.now()): Promise<AltchaVerdict> {
	if (typeof payload !== 'string' || payload === '') return 'missing';
	if (payload.length > 10_000) return 'invalid';
	const { altchaTtlSeconds, minFillSeconds } = getAbuseSettings();
	const { signature, key } = await getSecrets();
	const store = {
		get: () => undefined,
		set: () => undefined,
		setIfAbsent: (id: string) =>
			db
				.insert(altchaUsed)
				.values({ id, expiresAt: new Date(now + altchaTtlSeconds * 1000) })
				.onConflictDoNothing()
				.run().changes === 1
	};
	const { verify } = create({ deriveKey, hmacSignatureSecret: signature, hmacKeySignatureSecret: key, store });
	const result = await verify(payload, deriveKey, signature, key, store);
	if (result.error || !result.verification?.verified) return 'invalid';
	const challenge = (result.payload as { challenge?: { parameters?: { data?: { issuedAt?: string } } } }).challenge;
	const issuedAt = Number(challenge?.parameters?.data?.issuedAt);
	if (!Number.isFinite(issuedAt)) return 'invalid';
	return now - issuedAt < minFillSeconds * 1000 ? 'too_fast' : 'verified';
}

/** Forget used challenges that have expired anyway. */
export function purgeUsedChallenges(db: Db, now = new Date()): number {
	return db.delete(altchaUsed).where(lt(altchaUsed.expiresAt, now)).run().changes;
}

