import type { Locale } from '$lib/i18n/locales';
import { countInWindow } from '../abuse/limits';
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { prepared, type Connection } from '../db/prepared';
import { enqueueMail } from '../mail/outbox';

/** More wrong two-step codes than this for one account within LOCK_MS lock its second step for LOCK_MS. */
export const WRONG_CODES_ALLOWED = 10;
export const LOCK_MS = 15 * 60 * 1000;

/** Milliseconds the second step of this account stays locked (0: it is not). */
export function twoFactorLockedFor(db: Connection, userId: number, now = Date.now()): number {
	const until = prepared(db, 'SELECT expires_at FROM rate_limit WHERE key = ?').pluck().get(`totp-lock:${userId}`) as number | undefined;
	return until === undefined ? 0 : Math.max(0, until - now);
}

/**
 * Count a wrong two-step or recovery code for this account. Past WRONG_CODES_ALLOWED in fifteen
 * minutes the second step is locked for fifteen minutes, the person and every administrator are
 * told by email (someone who has the password is guessing), and the lock is audited. True when
 * this code locked it.
 */
export function recordWrongTwoStepCode(
	db: Db,
	user: { id: number; email: string; name: string },
	ctx: { ipHmac: string | null; locale: Locale },
	now = Date.now()
): boolean {
	return db.transaction(
		(tx) => {
			const wrong = countInWindow(tx, `totp-wrong:${user.id}`, LOCK_MS, now);
			if (wrong <= WRONG_CODES_ALLOWED || twoFactorLockedFor(tx, user.id, now) > 0) return false;
			prepared(tx, 'INSERT INTO rate_limit (key, points, expires_at) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET points = 1, expires_at = excluded.expires_at').run(
				`totp-lock:${user.id}`,
				now + LOCK_MS
			);
			const admins = prepared(tx, "SELECT email, name FROM admin_user WHERE role = 'admin' AND NOT disabled AND email != ?").all(user.email) as {
				email: string;
				name: string;
			}[];
			for (const to of [{ email: user.email, name: user.name }, ...admins]) {
				enqueueMail(tx, { to: to.email, template: 'staff_two_factor_locked', locale: ctx.locale, payload: { name: to.name, account: user.email } }, new Date(now));
			}
			recordAudit(
				tx,
				{ actor: null, action: 'staff.two_factor_locked', subjectType: 'admin_user', subjectId: user.id, after: { wrongCodes: wrong }, ipHmac: ctx.ipHmac },
				new Date(now)
			);
			return true;
		},
		{ behavior: 'immediate' }
	);
}
