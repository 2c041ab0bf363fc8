import { hash } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { preparedQuery } from '../db/prepared';
import { adminSession, adminUser, type AdminSession, type AdminUser } from '../db/schema';

/** The Lucia guide's session method: a random token in a cookie, only its SHA-256 in the database. */
export const SESSION_COOKIE = 'staff_session';
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so that reading pages does not mean writing rows. */
const TOUCH_EVERY_MS = 60 * 1000;

export type SessionValidation = { session: AdminSession; user: AdminUser } | { session: null; user: null };

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of the token in hex, by Node's native hash (the guide's JavaScript one cost ~1 % of a panel page). */
function sessionIdOf(token: string): string {
	return hash('sha256', token, 'hex');
}

export function createSession(db: Db, token: string, userId: number, twoFactorVerified: boolean, now = new Date()): AdminSession {
	const session = {
		id: sessionIdOf(token),
		userId,
		twoFactorVerified,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS)
	};
	db.insert(adminSession).values(session).run();
	return session;
}

export function validateSessionToken(db: Db, token: string, now = new Date()): SessionValidation {
	const none = { session: null, user: null } as const;
	if (!/^[a-z2-7]{32}$/.test(token)) return none;
	const id = sessionIdOf(token);
	// Every admin request asks this: two lookups by primary key. (As one join, SQLite planned two
	// scans whenever its statistics said these tables hold a row each, and took five times as long.)
	const session = preparedQuery(db, 'session-by-id', () =>
		db.select().from(adminSession).where(eq(adminSession.id, sql.placeholder('id'))).prepare()
	).get({ id });
	if (!session) return none;
	const user = preparedQuery(db, 'staff-by-id', () =>
		db.select().from(adminUser).where(eq(adminUser.id, sql.placeholder('id'))).prepare()
	).get({ id: session.userId });
	if (!user) return none;
	const idleEnd = session.lastSeenAt.getTime() + IDLE_TIMEOUT_MS;
	if (now.getTime() >= Math.min(idleEnd, session.expiresAt.getTime()) || user.disabled) {
		db.delete(adminSession).where(eq(adminSession.id, id)).run();
		return none;
	}
	if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
		db.update(adminSession).set({ lastSeenAt: now }).where(eq(adminSession.id, id)).run();
		session.lastSeenAt = now;
	}
	return { session, user };
}

export function markSessionTwoFactorVerified(db: Db, sessionId: string): void {
	db.update(adminSession).set({ twoFactorVerified: true }).where(eq(adminSession.id, sessionId)).run();
}

export function invalidateSession(db: Db, sessionId: string): void {
	db.delete(adminSession).where(eq(adminSession.id, sessionId)).run();
}

/** Sign a person out everywhere: after a change of password, role or second factor. */
export function invalidateUserSessions(db: Connection, userId: number): void {
	db.delete(adminSession).where(eq(adminSession.userId, userId)).run();
}

export function setSessionTokenCookie(cookies: Cookies, token: string, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/admin',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: ABSOLUTE_TIMEOUT_MS / 1000
	});
}

export function deleteSessionTokenCookie(cookies: Cookies, secure: boolean): void {
	cookies.set(SESSION_COOKIE, '', { path: '/admin', httpOnly: true, sameSite: 'lax', secure, maxAge: 0 });
}
