import { createHash, randomBytes } from 'node:crypto';

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
