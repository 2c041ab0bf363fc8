import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { getAppSecret } from '../config';

/** The last day's key, derived once per day rather than for every request (with its conversion to a key object). */
let daily: { day: string; secret: string; key: KeyObject } | null = null;

/**
 * The part of an address that identifies a client: an IPv4 address whole, an IPv6 address by its
 * /64, since one connection is handed a whole /64 and can change the rest at will.
 */
export function clientNetwork(ip: string): string {
	const mapped = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
	if (mapped && isIPv4(mapped)) return mapped;
	if (!isIPv6(ip)) return ip;
	const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
	const left = head ? head.split(':') : [];
	const right = ip.includes('::') && tail ? tail.split(':') : [];
	// An embedded IPv4 tail counts as two groups; it lies beyond the /64 anyway.
	const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

/**
 * An IP address as stored: an HMAC with a key that changes every UTC day, so that addresses can be
 * compared within a day (rate limits, moderators' searches) but not recovered or linked across days.
 * IPv6 clients are keyed on their /64 (see clientNetwork).
 */
export function hashIp(ip: string, now = new Date()): string {
	const day = now.toISOString().slice(0, 10);
	const secret = getAppSecret();
	if (daily?.day !== day || daily.secret !== secret) {
		daily = { day, secret, key: createSecretKey(createHmac('sha256', secret).update(`ip-key:${day}`).digest()) };
	}
	return createHmac('sha256', daily.key).update(clientNetwork(ip)).digest('base64url').slice(0, 32);
}
