import { createHash, createHmac, randomBytes } from 'node:crypto';
import { getAppSecret } from './config';

/** A secret for a link: 192 random bits, URL-safe. Only its hash is stored. */
export function generateToken(): string {
	return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Tokens in URLs are exactly 32 base64url characters; anything else is not worth a lookup. */
export function isWellFormedToken(token: string): boolean {
	return /^[A-Za-z0-9_-]{32}$/.test(token);
}

/**
 * A link token that can be derived again later (for the next email) from a stored random salt and
 * APP_SECRET; like the others, only its hash is stored and looked up.
 */
export function deriveLinkToken(kind: 'withdraw' | 'unsubscribe' | 'endorsement-withdraw', salt: string): string {
	return createHmac('sha256', getAppSecret()).update(`${kind}:${salt}`).digest('base64url').slice(0, 32);
}

export function generateSalt(): string {
	return randomBytes(16).toString('base64url');
}
