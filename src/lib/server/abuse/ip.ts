import { createHmac } from 'node:crypto';
import { getAppSecret } from '../config';

/**
 * An IP address as stored: an HMAC with a key that changes every UTC day, so that addresses can be
 * compared within a day (rate limits, moderators' searches) but not recovered or linked across days.
 */
export function hashIp(ip: string, now = new Date()): string {
	const day = now.toISOString().slice(0, 10);
	const dailyKey = createHmac('sha256', getAppSecret()).update(`ip-key:${day}`).digest();
	return createHmac('sha256', dailyKey).update(ip).digest('base64url').slice(0, 32);
}
