import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { getAppSecret } from '../config';

/** The last day's key, derived once per day rather than for every request (with its conversion to a key object). */
let daily: { day: string; secret: string; key: KeyObject } | null = null;

/**
 * An IP address as stored: an HMAC with a key that changes every UTC day, so that addresses can be
 * compared within a day (rate limits, moderators' searches) but not recovered or linked across days.
 */
export function hashIp(ip: string, now = new Date()): string {
	const day = now.toISOString().slice(0, 10);
	const secret = getAppSecret();
	if (daily?.day !== day || daily.secret !== secret) {
		daily = { day, secret, key: createSecretKey(createHmac('sha256', secret).update(`ip-key:${day}`).digest()) };
	}
	return createHmac('sha256', daily.key).update(ip).digest('base64url').slice(0, 32);
}
