import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';

/** Settings come from the environment, each with a default that works on one machine. */
export function getDatabasePath(): string {
	return process.env.DATABASE_URL?.replace(/^file:/, '') || 'data/undersigned.db';
}

/** The data folder is where the database file lives; generated secrets are kept beside it. */
export function getDataDir(): string {
	return dirname(resolve(getDatabasePath()));
}

export function getMigrationsDir(): string {
	return process.env.MIGRATIONS_DIR || resolve('drizzle');
}

let appSecret: string | null = null;

/** Fewer bytes than this is not a secret worth the name (the generated one has 32 random bytes). */
const MIN_SECRET_BYTES = 32;

function checkedSecret(secret: string, where: string): string {
	const bytes = Buffer.byteLength(secret);
	if (bytes < MIN_SECRET_BYTES) {
		throw new Error(
			`${where} holds ${bytes} bytes; the app secret needs at least ${MIN_SECRET_BYTES}. ` +
				'Set APP_SECRET to a long random value (for example the output of `openssl rand -base64 48`), ' +
				'or remove the app-secret file to have one generated. Keep it with your backups: links and two-step keys depend on it.'
		);
	}
	return secret;
}

/**
 * APP_SECRET, or one generated on first use into the data folder (mode 0600) and read from there
 * afterwards, so that restarts keep HMACs and encrypted keys valid. Refuses one that is too short.
 */
export function getAppSecret(): string {
	if (appSecret) return appSecret;
	const fromEnv = process.env.APP_SECRET?.trim();
	if (fromEnv) return (appSecret = checkedSecret(fromEnv, 'APP_SECRET'));

	const file = resolve(getDataDir(), 'app-secret');
	if (existsSync(file)) {
		const stored = readFileSync(file, 'utf8').trim();
		if (stored) return (appSecret = checkedSecret(stored, file));
	}
	mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
	const generated = randomBytes(32).toString('base64url');
	// 'wx' fails if another process wrote the file first; then read theirs.
	try {
		writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
		chmodSync(file, 0o600);
		appSecret = generated;
	} catch {
		appSecret = checkedSecret(readFileSync(file, 'utf8').trim(), file);
	}
	return appSecret;
}

/** Forget cached settings; tests change the environment between cases. */
export function resetConfigCache(): void {
	appSecret = null;
}

/** The site's public address; links in emails start with it. */
export function getOrigin(): string {
	return (process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
}

/** The SMTP server mail goes through; null means the development mailbox (nothing is sent). */
export function getSmtpUrl(): string | null {
	return process.env.SMTP_URL?.trim() || null;
}

/** The sender of every email, as an address or "Name <address>". */
export function getMailFrom(): string {
	return process.env.MAIL_FROM?.trim() || `European Azerbaijan Center <no-reply@${new URL(getOrigin()).hostname}>`;
}

function numberSetting(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return process.env[name]?.trim() && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * The thresholds of the protections against automated signing. Tests run with them on; only the
 * benchmark turns them off (ABUSE_PROTECTION=off).
 */
export function getAbuseSettings() {
	return {
		enabled: process.env.ABUSE_PROTECTION?.trim().toLowerCase() !== 'off',
		/** PBKDF2 iterations per proof-of-work attempt; a browser tries between 1× and 2.5× this many times. */
		altchaCost: Math.max(1, Math.round(numberSetting('ALTCHA_COST', 2000))),
		altchaTtlSeconds: numberSetting('ALTCHA_TTL_SECONDS', 30 * 60),
		/** Faster than this from first touching the form to sending it is not a person typing. */
		minFillSeconds: numberSetting('SIGN_MIN_FILL_SECONDS', 3),
		/** Signatures from one address: this many a minute… */
		burstPerMinute: numberSetting('SIGN_RATE_BURST', 5),
		/** …and this many a day; past either, a signature is accepted and flagged for review. */
		perDay: numberSetting('SIGN_RATE_DAILY', 50),
		/** Emails that anyone can trigger (confirmations, data links), for everyone together, per hour; the rest wait their turn. */
		anonymousMailPerHour: Math.max(1, Math.round(numberSetting('MAIL_ANONYMOUS_PER_HOUR', 2000)))
	};
}

/** The shortest time between two share pictures of one statement and language when only the count changed (SHARE_IMAGE_SECONDS, default 60). */
export function getShareImageSeconds(): number {
	return numberSetting('SHARE_IMAGE_SECONDS', 60);
}

/**
 * How long the jobs lease lasts unrenewed (JOBS_LEASE_SECONDS, default 30): when the process running
 * the jobs dies, another takes over within this and a third of it more.
 */
export function getJobsLeaseMs(): number {
	return Math.max(1, numberSetting('JOBS_LEASE_SECONDS', 30)) * 1000;
}

/** How long after a statement closes its signers' and contacts' personal data is kept (ANONYMISE_AFTER_MONTHS, default 6). */
export function getAnonymiseAfterMonths(): number {
	return numberSetting('ANONYMISE_AFTER_MONTHS', 6);
}

/** The daily backup: where it goes (BACKUP_DIR, default beside the database; "off" for none) and how many are kept. */
export function getBackupSettings(): { dir: string | null; keep: number } {
	const dir = process.env.BACKUP_DIR?.trim();
	return {
		dir: dir === 'off' ? null : dir || resolve(getDataDir(), 'backups'),
		keep: Math.max(1, Math.round(numberSetting('BACKUP_KEEP', 14)))
	};
}
