/** Staff accounts, their sessions, second factors and one-time links, and the audit log. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { timestamp } from './columns';

export const STAFF_ROLES = ['admin', 'moderator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Staff: moderators review what the public submits; admins also manage staff, statements and settings. */
export const adminUser = sqliteTable(
	'admin_user',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: text('role', { enum: STAFF_ROLES }).notNull(),
		/** argon2id; null until the person has set a password through their setup or invitation link. */
		passwordHash: text('password_hash'),
		/** The TOTP key, encrypted with a key derived from APP_SECRET (AES-256-GCM); null until enrolled. */
		totpKeyEncrypted: text('totp_key_encrypted'),
		/** The time step of the last two-step code accepted: that code, and older ones, are refused afterwards. */
		totpLastStep: integer('totp_last_step'),
		disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
		createdAt: timestamp('created_at'),
		updatedAt: timestamp('updated_at').$onUpdate(() => new Date())
	},
	(t) => [uniqueIndex('admin_user_email_unique').on(t.email)]
);

/** A signed-in staff session, looked up by the SHA-256 of the token in its cookie. */
export const adminSession = sqliteTable(
	'admin_session',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => adminUser.id, { onDelete: 'cascade' }),
		/** Whether the second factor was given in this session. */
		twoFactorVerified: integer('two_factor_verified', { mode: 'boolean' }).notNull().default(false),
		createdAt: timestamp('created_at'),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
		/** Absolute end, however active the session is. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('admin_session_user_idx').on(t.userId)]
);

export const adminRecoveryCode = sqliteTable(
	'admin_recovery_code',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => adminUser.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('admin_recovery_code_user_idx').on(t.userId)]
);

export const STAFF_TOKEN_PURPOSES = ['setup', 'invitation', 'password_reset'] as const;
export type StaffTokenPurpose = (typeof STAFF_TOKEN_PURPOSES)[number];

/** One-time links for staff: the first admin's setup, invitations, password resets. */
export const staffToken = sqliteTable('staff_token', {
	tokenHash: text('token_hash').primaryKey(),
	purpose: text('purpose', { enum: STAFF_TOKEN_PURPOSES }).notNull(),
	userId: integer('user_id').references(() => adminUser.id, { onDelete: 'cascade' }),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	usedAt: integer('used_at', { mode: 'timestamp_ms' }),
	createdAt: timestamp('created_at')
});

/** What staff did: who, what, to which row, before and after, when, from which (hashed) address. */
export const auditEvent = sqliteTable(
	'audit_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actorId: integer('actor_id').references(() => adminUser.id, { onDelete: 'set null' }),
		/** Kept when the account is gone, so the log still says who it was. */
		actorEmail: text('actor_email'),
		action: text('action').notNull(),
		subjectType: text('subject_type'),
		subjectId: text('subject_id'),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' }),
		ipHmac: text('ip_hmac'),
		createdAt: timestamp('created_at')
	},
	(t) => [index('audit_event_created_idx').on(t.createdAt), index('audit_event_subject_idx').on(t.subjectType, t.subjectId)]
);

export type AdminUser = typeof adminUser.$inferSelect;
export type AdminSession = typeof adminSession.$inferSelect;
