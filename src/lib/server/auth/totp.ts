import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import QRCode from 'qrcode';
import { getAppSecret } from '../config';
import type { Db } from '../db';
import { adminRecoveryCode, adminUser } from '../db/schema';

const ISSUER = 'Undersigned';
const PERIOD = 30;
const DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;

export function generateTotpKey(): Uint8Array {
	return new Uint8Array(randomBytes(20));
}

function encryptionKey(): Buffer {
	return Buffer.from(hkdfSync('sha256', getAppSecret(), 'undersigned', 'totp-key-encryption', 32));
}

/** AES-256-GCM with a key derived from APP_SECRET: a copy of the database alone does not reveal the keys. */
export function encryptTotpKey(key: Uint8Array): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
	const data = Buffer.concat([cipher.update(key), cipher.final()]);
	return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

export function decryptTotpKey(encrypted: string): Uint8Array {
	const [iv, tag, data] = encrypted.split('.').map((part) => Buffer.from(part, 'base64url'));
	const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), iv, { authTagLength: 16 });
	decipher.setAuthTag(tag);
	return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
}

/**
 * The time step a six-digit code from the app belongs to, accepted for one period either side
 * (clocks drift), or null when it matches none.
 */
export function totpStepOf(key: Uint8Array, code: string, now = Date.now()): number | null {
	const digits = code.replace(/\s+/g, '');
	if (!/^\d{6}$/.test(digits)) return null;
	const step = Math.floor(now / 1000 / PERIOD);
	for (const candidate of [step, step - 1, step + 1]) {
		if (verifyHOTP(key, BigInt(candidate), DIGITS, digits)) return candidate;
	}
	return null;
}

/** A six-digit code from the app, accepted for one period either side (clocks drift). */
export function verifyTotpCode(key: Uint8Array, code: string, now = Date.now()): boolean {
	return totpStepOf(key, code, now) !== null;
}

/**
 * Accept a two-step code for this account once: a code whose time step was already accepted (or
 * an older one) is refused, so that a code seen over someone's shoulder cannot be used again in its
 * thirty seconds. The step is recorded in the same statement that checks it.
 */
export function acceptTotpCode(db: Db, user: { id: number; totpKeyEncrypted: string | null }, code: string, now = Date.now()): boolean {
	if (!user.totpKeyEncrypted) return false;
	const step = totpStepOf(decryptTotpKey(user.totpKeyEncrypted), code, now);
	if (step === null) return false;
	return (
		db
			.update(adminUser)
			.set({ totpLastStep: step })
			.where(and(eq(adminUser.id, user.id), or(isNull(adminUser.totpLastStep), lt(adminUser.totpLastStep, step))))
			.run().changes === 1
	);
}

export function totpKeyUri(email: string, key: Uint8Array): string {
	return createTOTPKeyURI(ISSUER, email, key, PERIOD, DIGITS);
}

/** The enrolment QR code as a data: URL of an SVG (images from data: are allowed by the CSP). */
export async function totpQrCode(uri: string): Promise<string> {
	const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function formatTotpKey(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})/g, '$1 ').trim();
}

function hashRecoveryCode(code: string): string {
	return createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, '')).digest('hex');
}

/** New single-use recovery codes (replacing any old ones); shown once, stored hashed. */
export function replaceRecoveryCodes(db: Db, userId: number): string[] {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
		encodeBase32UpperCaseNoPadding(randomBytes(10)).toLowerCase().match(/.{4}/g)!.join('-')
	);
	db.transaction((tx) => {
		tx.delete(adminRecoveryCode).where(eq(adminRecoveryCode.userId, userId)).run();
		for (const code of codes) tx.insert(adminRecoveryCode).values({ userId, codeHash: hashRecoveryCode(code) }).run();
	});
	return codes;
}

/** Spend a recovery code. True if it was valid and unused. */
export function useRecoveryCode(db: Db, userId: number, code: string, now = new Date()): boolean {
	return (
		db
			.update(adminRecoveryCode)
			.set({ usedAt: now })
			.where(
				and(
					eq(adminRecoveryCode.userId, userId),
					eq(adminRecoveryCode.codeHash, hashRecoveryCode(code)),
					isNull(adminRecoveryCode.usedAt)
				)
			)
			.run().changes === 1
	);
}
