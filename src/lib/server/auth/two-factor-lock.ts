import type { Locale } from '$lib/i18n/locales';
import { countInWindow } from '../abuse/limits';
import { recordAudit } from '../audit';
import { and, eq, ne, not } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { adminUser, rateLimit } from '../db/schema';
import { enqueueMail } from '../mail/outbox';

/** More wrong two-step codes than this for one account within LOCK_MS lock its second step for LOCK_MS. */
export const WRONG_CODES_ALLOWED = 10;
export const LOCK_MS = 15 * 60 * 1000;

/** Milliseconds the second step of this account stays locked (0: it is not). */
export function twoFactorLockedFor(db: Connection, userId: number, now = Date.now()): number {
	const lock = db.select({ until: rateLimit.expiresAt }).from(rateLimit).where(eq(rateLimit.key, `totp-lock:${userId}`)).get();
	return lock === undefined ? 0 : Math.max(0, lock.until - now);
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
			const lock = { key: `totp-lock:${user.id}`, points: 1, expiresAt: now + LOCK_MS };
			tx.insert(rateLimit).values(lock).onConflictDoUpdate({ target: rateLimit.key, set: lock }).run();
			const admins = tx
				.select({ email: adminUser.email, name: adminUser.name })
				.from(adminUser)
				.where(and(eq(adminUser.role, 'admin'), not(adminUser.disabled), ne(adminUser.email, user.email)))
				.all();
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
