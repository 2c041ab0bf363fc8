import type { Db } from '../db';
import type { SignatureFlag } from '../db/schema';
import { getAbuseSettings } from '../config';
import { checkAltcha } from './altcha';
import { hashIp } from './ip';
import { isOverSigningLimit } from './rate-limit';
import { writeSoon } from '../db/write-batch';
import { isBlocklisted } from '../settings';

/**
 * What to do with a submission that passed validation:
 * - store: keep it (pending), with flags for moderators where something looked odd;
 * - pretend: a bot; show it the normal success page and keep nothing;
 * - retry: the proof-of-work failed (forged, expired, replayed); keep nothing and ask to send again.
 */
export type AbuseVerdict =
	| { action: 'store'; flags: SignatureFlag[]; ipHmac: string }
	| { action: 'pretend' }
	| { action: 'retry' };

export async function assessSubmission(
	db: Db,
	submission: { honeypot: unknown; altcha: unknown; clientAddress: string; emailDomain?: string },
	now = new Date()
): Promise<AbuseVerdict> {
	const ipHmac = hashIp(submission.clientAddress, now);
	if (!getAbuseSettings().enabled) return { action: 'store', flags: [], ipHmac };
	if (typeof submission.honeypot === 'string' && submission.honeypot !== '') return { action: 'pretend' };

	const flags: SignatureFlag[] = [];
	const pow = await checkAltcha(db, submission.altcha, now.getTime());
	if (pow === 'too_fast') return { action: 'pretend' };
	if (pow === 'invalid') return { action: 'retry' };
	// Without JavaScript there is no proof-of-work: kept, counted once confirmed, shown to moderators.
	if (pow === 'missing') flags.push('no_pow');
	// Over a limit: accepted and counted once confirmed, but flagged, and never told.
	if (await writeSoon(db, () => isOverSigningLimit(db, ipHmac, now.getTime()))) flags.push('rate_limited');
	if (submission.emailDomain && isBlocklisted(db, submission.emailDomain)) flags.push('blocklisted_domain');
	return { action: 'store', flags, ipHmac };
}
