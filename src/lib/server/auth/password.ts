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

let common: Promise<Set<string>> | null = null;

/**
 * The 49,000 most common passwords of leaked password lists (zxcvbn-ts' common dictionary, offline),
 * loaded the first time a password is set, not at start or on sign-in.
 */
function commonPasswords(): Promise<Set<string>> {
	common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));
	return common;
}

/** A message key when the password is too weak, else null. Length matters more than symbols. */
export async function checkPasswordStrength(password: string, email = ''): Promise<string | null> {
	if (password.length < 12) return 'admin.errors.passwordShort';
	if (password.length > 200) return 'admin.errors.passwordLong';
	const lower = password.toLowerCase();
	const list = await commonPasswords();
	// A common password with digits or signs put after it ("leavemealone1!") is as easy to guess.
	const base = lower.replace(/[\d\W_]+$/u, '');
	if (list.has(lower) || (base.length >= 6 && list.has(base)) || /^(.)\1+$/.test(password)) return 'admin.errors.passwordCommon';
	const local = email.split('@')[0]?.toLowerCase();
	if (local && local.length >= 4 && lower.includes(local)) return 'admin.errors.passwordEmail';
	return null;
}
