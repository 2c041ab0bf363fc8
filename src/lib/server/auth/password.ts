import { hash, verify } from '@node-rs/argon2';

// argon2id with the parameters OWASP recommends as a minimum (19 MiB, 2 passes, 1 lane).
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPasswordHash(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

const COMMON = new Set(['password1234', '123456789012', 'qwertyuiopas', 'passwordpassword', 'undersigned1', 'azerbaijan123']);

/** A message key when the password is too weak, else null. Length matters more than symbols. */
export function checkPasswordStrength(password: string, email = ''): string | null {
	if (password.length < 12) return 'admin.errors.passwordShort';
	if (password.length > 200) return 'admin.errors.passwordLong';
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'admin.errors.passwordCommon';
	const local = email.split('@')[0]?.toLowerCase();
	if (local && local.length >= 4 && lower.includes(local)) return 'admin.errors.passwordEmail';
	return null;
}
