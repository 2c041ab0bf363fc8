import { and, eq, gt, isNull, isNotNull } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { adminUser, staffToken, type AdminUser, type StaffRole, type StaffTokenPurpose } from '../db/schema';
import { recordAudit } from '../audit';
import type { Locale } from '$lib/i18n/locales';
import { hashPassword } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { generateToken, hashToken, isWellFormedToken } from '../tokens';
import { enqueueMail } from '../mail/outbox';

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

export function normalizeStaffEmail(email: string): string {
	return email.trim().toLowerCase();
}

export function getStaffByEmail(db: Db, email: string): AdminUser | null {
	return db.select().from(adminUser).where(eq(adminUser.email, normalizeStaffEmail(email))).get() ?? null;
}

export function getStaffById(db: Connection, id: number): AdminUser | null {
	return db.select().from(adminUser).where(eq(adminUser.id, id)).get() ?? null;
}

/** True once an administrator can sign in (has set a password and is not disabled). */
export function hasActiveAdmin(db: Connection): boolean {
	return !!db
		.select({ id: adminUser.id })
		.from(adminUser)
		.where(and(eq(adminUser.role, 'admin'), eq(adminUser.disabled, false), isNotNull(adminUser.passwordHash)))
		.get();
}

function issueToken(db: Connection, purpose: StaffTokenPurpose, userId: number | null, ttlMs: number, now: Date): string {
	const token = generateToken();
	db.insert(staffToken)
		.values({ tokenHash: hashToken(token), purpose, userId, expiresAt: new Date(now.getTime() + ttlMs), createdAt: now })
		.run();
	return token;
}

/**
 * While no administrator exists: a one-time link (valid one hour) with which the first one sets up
 * their account. Earlier setup links stop working.
 */
export function createFirstAdminSetupLink(db: Db, origin: string, now = new Date()): string | null {
	if (hasActiveAdmin(db)) return null;
	db.delete(staffToken).where(eq(staffToken.purpose, 'setup')).run();
	return `${origin}/admin/setup/${issueToken(db, 'setup', null, SETUP_LINK_TTL_MS, now)}`;
}

export type ValidStaffToken = { purpose: StaffTokenPurpose; user: AdminUser | null; tokenHash: string };

/** A staff link that is unused and unexpired, or null. Reading it changes nothing. */
export function findStaffToken(db: Connection, token: string, purpose: StaffTokenPurpose, now = new Date()): ValidStaffToken | null {
	if (!isWellFormedToken(token)) return null;
	const row = db
		.select()
		.from(staffToken)
		.where(and(eq(staffToken.tokenHash, hashToken(token)), eq(staffToken.purpose, purpose), isNull(staffToken.usedAt), gt(staffToken.expiresAt, now)))
		.get();
	if (!row) return null;
	return { purpose: row.purpose, user: row.userId ? getStaffById(db, row.userId) : null, tokenHash: row.tokenHash };
}

/** Whether this setup link can still make the first administrator: valid, unused, and none exists yet. */
export function canSetUpFirstAdmin(db: Db, token: string, now = new Date()): boolean {
	return findStaffToken(db, token, 'setup', now) !== null && !hasActiveAdmin(db);
}

/** The first administrator, from the setup link: spent in the same transaction that creates the account. */
export async function completeFirstAdminSetup(
	db: Db,
	token: string,
	account: { email: string; name: string; password: string },
	ipHmac: string | null,
	now = new Date()
): Promise<AdminUser | null> {
	// Checked before the costly hash (anyone can post here), and again in the transaction.
	if (!canSetUpFirstAdmin(db, token, now)) return null;
	const passwordHash = await hashPassword(account.password);
	return db.transaction(
		(tx) => {
			const found = findStaffToken(tx, token, 'setup', now);
			if (!found || hasActiveAdmin(tx)) return null;
			tx.update(staffToken).set({ usedAt: now }).where(eq(staffToken.tokenHash, found.tokenHash)).run();
			const user = tx
				.insert(adminUser)
				.values({ email: normalizeStaffEmail(account.email), name: account.name, role: 'admin', passwordHash, createdAt: now })
				.returning()
				.get();
			recordAudit(tx, { actor: { id: user.id, email: user.email }, action: 'staff.setup_first_admin', subjectType: 'admin_user', subjectId: user.id, after: { email: user.email, role: 'admin' }, ipHmac }, now);
			return user;
		},
		{ behavior: 'immediate' }
	);
}

/** Store an enrolled second factor. Every session of the person ends (then the current one is re-created). */
export function saveTotpKey(db: Db, userId: number, totpKeyEncrypted: string | null): void {
	db.update(adminUser).set({ totpKeyEncrypted }).where(eq(adminUser.id, userId)).run();
	invalidateUserSessions(db, userId);
}

export async function createStaffUser(
	db: Db,
	account: { email: string; name: string; role: StaffRole; password?: string },
	now = new Date()
): Promise<AdminUser> {
	const passwordHash = account.password ? await hashPassword(account.password) : null;
	return db
		.insert(adminUser)
		.values({ email: normalizeStaffEmail(account.email), name: account.name, role: account.role, passwordHash, createdAt: now })
		.returning()
		.get();
}

export async function setStaffPassword(db: Db, userId: number, password: string): Promise<void> {
	const passwordHash = await hashPassword(password);
	db.update(adminUser).set({ passwordHash }).where(eq(adminUser.id, userId)).run();
	invalidateUserSessions(db, userId);
}

export type StaffActor = { id: number; email: string } | null;

/** A link with which a person sets their password: for an invitation (72 h) or a reset (1 h). */
export function createPasswordLink(db: Connection, userId: number, purpose: 'invitation' | 'password_reset', origin: string, now = new Date()): string {
	db.delete(staffToken).where(and(eq(staffToken.userId, userId), eq(staffToken.purpose, purpose))).run();
	const ttl = purpose === 'invitation' ? INVITATION_TTL_MS : SETUP_LINK_TTL_MS;
	return `${origin}/admin/password/${issueToken(db, purpose, userId, ttl, now)}`;
}

/** A new password for someone locked out (from the shell): every session of theirs ends, and the link (one hour) is returned. */
export function resetStaffPassword(db: Db, userId: number, actor: StaffActor, origin: string, now = new Date()): string {
	return db.transaction(
		(tx) => {
			invalidateUserSessions(tx, userId);
			recordAudit(tx, { actor, action: 'staff.reset_password_from_shell', subjectType: 'admin_user', subjectId: userId }, now);
			return createPasswordLink(tx, userId, 'password_reset', origin, now);
		},
		{ behavior: 'immediate' }
	);
}

/** Set a password from an invitation or reset link; the link is spent and every session of the person ends. */
export async function completePasswordLink(db: Db, token: string, password: string, ipHmac: string | null, now = new Date()): Promise<AdminUser | null> {
	const passwordHash = await hashPassword(password);
	return db.transaction(
		(tx) => {
			const row = tx
				.select()
				.from(staffToken)
				.where(and(eq(staffToken.tokenHash, hashToken(token)), isNull(staffToken.usedAt), gt(staffToken.expiresAt, now)))
				.get();
			if (!row || !row.userId || row.purpose === 'setup') return null;
			const user = tx.select().from(adminUser).where(eq(adminUser.id, row.userId)).get();
			if (!user || user.disabled) return null;
			tx.update(staffToken).set({ usedAt: now }).where(eq(staffToken.tokenHash, row.tokenHash)).run();
			tx.update(adminUser).set({ passwordHash }).where(eq(adminUser.id, user.id)).run();
			invalidateUserSessions(tx, user.id);
			recordAudit(tx, { actor: { id: user.id, email: user.email }, action: row.purpose === 'invitation' ? 'staff.accept_invitation' : 'staff.reset_password', subjectType: 'admin_user', subjectId: user.id, ipHmac }, now);
			return user;
		},
		{ behavior: 'immediate' }
	);
}

export function listStaff(db: Db): AdminUser[] {
	return db.select().from(adminUser).orderBy(adminUser.role, adminUser.name).all();
}

/**
 * Invite a moderator or administrator: an account without a password, and an email with the link
 * (from the shell, `mail` false: the operator passes the link on). Null if the address has an account.
 */
export function inviteStaff(
	db: Db,
	invitation: { email: string; name: string; role: StaffRole; locale: Locale },
	actor: StaffActor,
	origin: string,
	ipHmac: string | null,
	now = new Date(),
	mail = true
): { user: AdminUser; link: string } | null {
	return db.transaction(
		(tx) => {
			const email = normalizeStaffEmail(invitation.email);
			if (tx.select({ id: adminUser.id }).from(adminUser).where(eq(adminUser.email, email)).get()) return null;
			const user = tx.insert(adminUser).values({ email, name: invitation.name, role: invitation.role, createdAt: now }).returning().get();
			const link = createPasswordLink(tx, user.id, 'invitation', origin, now);
			if (mail) enqueueMail(tx, { to: email, template: 'staff_invitation', locale: invitation.locale, payload: { name: invitation.name, inviter: actor?.email ?? '', passwordLink: link } }, now);
			recordAudit(tx, { actor, action: mail ? 'staff.invite' : 'staff.create_from_shell', subjectType: 'admin_user', subjectId: user.id, after: { email, role: invitation.role }, ipHmac }, now);
			return { user, link };
		},
		{ behavior: 'immediate' }
	);
}

/** Change a role or disable/enable an account; every session of the person ends. */
export function updateStaff(
	db: Db,
	userId: number,
	change: { role?: StaffRole; disabled?: boolean },
	actor: StaffActor,
	ipHmac: string | null
): AdminUser | null {
	return db.transaction((tx) => {
		const before = tx.select().from(adminUser).where(eq(adminUser.id, userId)).get();
		if (!before) return null;
		const after = tx.update(adminUser).set(change).where(eq(adminUser.id, userId)).returning().get();
		invalidateUserSessions(tx, userId);
		recordAudit(tx, {
			actor,
			action: change.disabled === undefined ? 'staff.change_role' : change.disabled ? 'staff.disable' : 'staff.enable',
			subjectType: 'admin_user',
			subjectId: userId,
			before: { role: before.role, disabled: before.disabled },
			after: { role: after.role, disabled: after.disabled },
			ipHmac
		});
		return after;
	});
}
