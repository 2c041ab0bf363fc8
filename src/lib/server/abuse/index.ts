import type { Connection, Db } from '../db';
import type { SignatureFlag } from '../db/schema';
import { getAbuseSettings } from '../config';
import { checkAltcha, spendChallenge, type UsedChallenge } from './altcha';
import { hashIp } from './ip';
import { isOverSigningLimit } from './rate-limit';
import { isBlocklisted } from '../settings';

/**
 * What to do with a submission that passed validation:
 * - store: keep it (pending), with flags for moderators where something looked odd;
 * - pretend: a bot; show it the normal success page and keep nothing;
 * - retry: the proof-of-work failed (forged, expired, replayed); keep nothing and ask to send again.
 */
export type AbuseVerdict = StoreVerdict | { action: 'pretend' } | { action: 'retry' };
/** Worth keeping; admitSubmission, in the write that keeps it, spends its proof-of-work and counts its address. */
export type StoreVerdict = { action: 'store'; flags: SignatureFlag[]; ipHmac: string; challenge: UsedChallenge | null; toCount: boolean };

/**
 * The checks that need no write (honeypot, proof-of-work, blocklist), before anything costly is
 * done with a submission. What they find to be written goes with the submission (admitSubmission).
 */
export async function assessSubmission(
	db: Db,
	submission: { honeypot: unknown; altcha: unknown; clientAddress: string; emailDomain?: string },
	now = new Date()
): Promise<AbuseVerdict> {
	const ipHmac = hashIp(submission.clientAddress, now);
	if (!getAbuseSettings().enabled) return { action: 'store', flags: [], ipHmac, challenge: null, toCount: false };
	if (typeof submission.honeypot === 'string' && submission.honeypot !== '') return { action: 'pretend' };

	const flags: SignatureFlag[] = [];
	const pow = await checkAltcha(db, submission.altcha, now.getTime());
	// Faster than a person: a bot, told it succeeded; its solution is spent all the same.
	if (pow.verdict === 'too_fast') {
		if (pow.challenge) spendChallenge(db, pow.challenge);
		return { action: 'pretend' };
	}
	if (pow.verdict === 'invalid') return { action: 'retry' };
	// Without JavaScript there is no proof-of-work: kept, counted once confirmed, shown to moderators.
	if (pow.verdict === 'missing') flags.push('no_pow');
	if (submission.emailDomain && isBlocklisted(db, submission.emailDomain)) flags.push('blocklisted_domain');
	return { action: 'store', flags, ipHmac, challenge: pow.challenge, toCount: true };
}

/**
 * In the write that keeps the submission, or (the endorse form) right before its upload is decoded:
 * its proof-of-work is recorded as spent and its address counted. A signature does this in its own
 * savepoint of the group commit, so that all three are one commit. The flags to keep it with (over a
 * limit: accepted, counted once confirmed, but flagged, and never told), or null when its
 * proof-of-work was spent meanwhile by another submission (a replay: keep nothing).
 */
export function admitSubmission(tx: Connection, verdict: StoreVerdict, now = new Date()): SignatureFlag[] | null {
	if (verdict.challenge && !spendChallenge(tx, verdict.challenge)) return null;
	if (verdict.toCount && isOverSigningLimit(tx, verdict.ipHmac, now.getTime())) return [...verdict.flags, 'rate_limited'];
	return verdict.flags;
}
