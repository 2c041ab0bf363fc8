import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads this file without Vite's aliases.
import { LOCALES } from '../../i18n/locales';
import { DECISION_REASONS, DISPLAY_CHOICES, ENDORSEMENT_STATES, ORGANIZATION_TYPES, type EndorsementState } from '../../validation/choices';

export const STATEMENT_STATUSES = ['draft', 'open', 'closed'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

const timestamp = (name: string) =>
	integer(name, { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const statement = sqliteTable(
	'statement',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		slug: text('slug').notNull(),
		status: text('status', { enum: STATEMENT_STATUSES }).notNull().default('draft'),
		featured: integer('featured', { mode: 'boolean' }).notNull().default(false),
		signatureGoal: integer('signature_goal'),
		opensAt: integer('opens_at', { mode: 'timestamp_ms' }),
		closesAt: integer('closes_at', { mode: 'timestamp_ms' }),
		authoritativeLocale: text('authoritative_locale', { enum: LOCALES }).notNull(),
		signatoryName: text('signatory_name').notNull(),
		/** The date printed under the signature, as an ISO calendar date (YYYY-MM-DD). */
		issuedOn: text('issued_on').notNull(),
		/** When a moderator set the status to closed (closesAt is the planned end). */
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		/** When the signers' and contacts' personal data was erased, some months after closing (counts stay). */
		anonymisedAt: integer('anonymised_at', { mode: 'timestamp_ms' }),
		createdAt: timestamp('created_at'),
		updatedAt: timestamp('updated_at').$onUpdate(() => new Date())
	},
	(t) => [
		uniqueIndex('statement_slug_unique').on(t.slug),
		index('statement_status_featured_idx').on(t.status, t.featured)
	]
);

export const statementVersion = sqliteTable(
	'statement_version',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'restrict' }),
		locale: text('locale', { enum: LOCALES }).notNull(),
		title: text('title').notNull(),
		/** Whom the statement addresses, shown above the body. */
		addressee: text('addressee'),
		/** Plain text; paragraphs separated by a blank line. */
		body: text('body').notNull(),
		closing: text('closing').notNull(),
		issuerName: text('issuer_name').notNull(),
		/** The signatory's roles, one per line. */
		signatoryTitle: text('signatory_title').notNull(),
		issuedPlace: text('issued_place').notNull(),
		/** SHA-256 (hex) of the fields above; every signature records the hash it was given. */
		contentHash: text('content_hash').notNull(),
		official: integer('official', { mode: 'boolean' }).notNull(),
		/** Set when a newer version of the same locale replaces this one; null for the current text. */
		supersededAt: integer('superseded_at', { mode: 'timestamp_ms' }),
		createdAt: timestamp('created_at')
	},
	(t) => [
		uniqueIndex('statement_version_hash_unique').on(t.statementId, t.locale, t.contentHash),
		index('statement_version_current_idx').on(t.statementId, t.locale, t.supersededAt)
	]
);

export type Statement = typeof statement.$inferSelect;
export type StatementVersion = typeof statementVersion.$inferSelect;

export const SIGNATURE_STATES = ['pending', 'confirmed', 'rejected', 'withdrawn', 'invalidated'] as const;
export type SignatureState = (typeof SIGNATURE_STATES)[number];
export const SIGNATURE_FLAGS = ['rate_limited', 'no_pow', 'blocklisted_domain', 'mail_capped'] as const;
export type SignatureFlag = (typeof SIGNATURE_FLAGS)[number];

export const signature = sqliteTable(
	'signature',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'restrict' }),
		state: text('state', { enum: SIGNATURE_STATES }).notNull().default('pending'),
		name: text('name').notNull(),
		/** The name folded for search (case, accents, Azerbaijani ı/İ and ə). */
		nameKey: text('name_key').notNull(),
		/** What public lists show: the full name, initials, or null for "not publicly". */
		publicName: text('public_name'),
		/** publicName folded for search: the public list never matches on what a signer kept private. */
		publicNameKey: text('public_name_key'),
		email: text('email').notNull(),
		emailCanonical: text('email_canonical').notNull(),
		emailDomain: text('email_domain').notNull(),
		country: text('country').notNull(),
		city: text('city'),
		affiliation: text('affiliation'),
		display: text('display', { enum: DISPLAY_CHOICES }).notNull(),
		locale: text('locale', { enum: LOCALES }).notNull(),
		/** The content hash of the statement text the signer was shown. */
		versionHash: text('version_hash').notNull(),
		consentVersion: text('consent_version').notNull(),
		consentedAt: timestamp('consented_at'),
		updatesOptIn: integer('updates_opt_in', { mode: 'boolean' }).notNull().default(false),
		flags: text('flags', { mode: 'json' }).$type<SignatureFlag[]>().notNull().default(sql`'[]'`),
		flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
		hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
		ipHmac: text('ip_hmac'),
		confirmTokenHash: text('confirm_token_hash'),
		confirmExpiresAt: integer('confirm_expires_at', { mode: 'timestamp_ms' }),
		confirmEmailsSent: integer('confirm_emails_sent').notNull().default(0),
		withdrawTokenHash: text('withdraw_token_hash'),
		/** Random per (re)signing; the withdraw and unsubscribe tokens are derived from it with APP_SECRET, so every email carries the same working links. */
		linkSalt: text('link_salt'),
		/** Set while the signer wants campaign updates: the hash of the token in their unsubscribe links. */
		unsubscribeTokenHash: text('unsubscribe_token_hash'),
		createdAt: timestamp('created_at'),
		updatedAt: timestamp('updated_at').$onUpdate(() => new Date()),
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('signature_statement_email_unique').on(t.statementId, t.emailCanonical),
		uniqueIndex('signature_confirm_token_unique').on(t.confirmTokenHash),
		uniqueIndex('signature_withdraw_token_unique').on(t.withdrawTokenHash),
		uniqueIndex('signature_unsubscribe_token_unique').on(t.unsubscribeTokenHash),
		// Public lists: newest confirmed first, keyset on (confirmed_at, id).
		index('signature_public_idx').on(t.statementId, t.state, t.hidden, t.confirmedAt, t.id),
		index('signature_pending_expiry_idx').on(t.state, t.confirmExpiresAt),
		index('signature_name_key_idx').on(t.statementId, t.nameKey),
		// Moderators' searches by @domain and by hashed address.
		// Newest first within a domain, as the panel lists them, with every column the list shows or
		// filters on: a page of the list and its count are read off adjacent index pages and never
		// visit the table (50 rows would be 50 scattered table pages, a quarter of the search's time).
		index('signature_email_domain_list_idx').on(
			t.emailDomain,
			t.id,
			t.state,
			t.hidden,
			t.flagged,
			t.country,
			t.createdAt,
			t.flags,
			t.name,
			t.email
		),
		index('signature_ip_hmac_idx').on(t.ipHmac),
		// The rows whose hashed address is still kept, oldest first: the job that drops them after a
		// week reads only those, not the whole table.
		index('signature_ip_hmac_age_idx').on(t.createdAt).where(sql`ip_hmac IS NOT NULL`)
	]
);

/**
 * What the moderators' dashboard shows, kept by triggers (drizzle/0012_tallies.sql) in the same
 * transaction as every change to a signature or a queued email, whichever code makes it. Keys:
 * `state:<state>`, `flagged:<state>`, `confirmed:<YYYY-MM-DD>` (UTC), `outbox:<state>`.
 */
export const tally = sqliteTable('tally', {
	key: text('key').primaryKey(),
	n: integer('n').notNull().default(0)
});

/** Counts kept in step with state changes, so that pages never count rows. */
export const statementCounter = sqliteTable('statement_counter', {
	statementId: integer('statement_id')
		.primaryKey()
		.references(() => statement.id, { onDelete: 'cascade' }),
	signatures: integer('signatures').notNull().default(0),
	organizations: integer('organizations').notNull().default(0)
});

export const countryCounter = sqliteTable(
	'country_counter',
	{
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'cascade' }),
		country: text('country').notNull(),
		signatures: integer('signatures').notNull().default(0),
		organizations: integer('organizations').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.statementId, t.country] })]
);

/** held: kept by the development mailbox (no SMTP_URL), never sent. */
export const MAIL_STATES = ['pending', 'sent', 'failed', 'held'] as const;
export type MailState = (typeof MAIL_STATES)[number];

export const mailOutbox = sqliteTable(
	'mail_outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		to: text('to').notNull(),
		template: text('template').notNull(),
		locale: text('locale', { enum: LOCALES }).notNull(),
		/** Template data; links with tokens are removed once the message is delivered. */
		payload: text('payload', { mode: 'json' }).$type<Record<string, string>>().notNull(),
		state: text('state', { enum: MAIL_STATES }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at'),
		lastError: text('last_error'),
		/** Fixed when the message is queued, so that a repeated delivery carries the same Message-ID. */
		messageId: text('message_id').notNull(),
		createdAt: timestamp('created_at'),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('mail_outbox_due_idx').on(t.state, t.nextAttemptAt),
		// Erasure finds a person's messages by address; the jobs find messages whose address is still kept.
		index('mail_outbox_to_idx').on(t.to),
		index('mail_outbox_addressed_idx').on(t.createdAt).where(sql`"to" != ''`),
		index('mail_outbox_undelivered_idx').on(t.createdAt).where(sql`state IN ('failed', 'held')`)
	]
);

export type Signature = typeof signature.$inferSelect;
export type MailMessage = typeof mailOutbox.$inferSelect;

/** ALTCHA challenges already used, kept until they expire so that a payload cannot be replayed. */
export const altchaUsed = sqliteTable(
	'altcha_used',
	{
		id: text('id').primaryKey(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('altcha_used_expires_idx').on(t.expiresAt)]
);

/**
 * Counts in fixed time windows, for the limits that must hold across restarts and processes (mail
 * to one address, the hourly ceiling of mail that anyone can trigger, …). Keys carry no address in
 * the clear, only HMACs. A row whose window has ended is spent; the jobs delete such rows.
 */
export const rateLimit = sqliteTable(
	'rate_limit',
	{
		key: text('key').primaryKey(),
		points: integer('points').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('rate_limit_expires_idx').on(t.expiresAt)]
);

/** Failed sign-in steps per key (an account at an address, or an address), for the waits they earn. */
export const signInThrottle = sqliteTable(
	'sign_in_throttle',
	{
		key: text('key').primaryKey(),
		failures: integer('failures').notNull(),
		lastFailureAt: integer('last_failure_at').notNull()
	},
	(t) => [index('sign_in_throttle_last_idx').on(t.lastFailureAt)]
);

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

/** Settings administrators edit in the panel (the association's details, the domain blocklist), one JSON value per key. */
export const setting = sqliteTable('setting', {
	key: text('key').primaryKey(),
	value: text('value', { mode: 'json' }).notNull(),
	updatedAt: timestamp('updated_at')
});

/** A signer's request to see or erase what is stored about them, proven by a link sent to their address. */
export const dataRequest = sqliteTable('data_request', {
	tokenHash: text('token_hash').primaryKey(),
	emailCanonical: text('email_canonical').notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	usedAt: integer('used_at', { mode: 'timestamp_ms' }),
	createdAt: timestamp('created_at')
});

export { ENDORSEMENT_STATES, type EndorsementState };

/** An image re-encoded by the app (never the uploaded bytes), addressed by the SHA-256 of what is served. */
export const logo = sqliteTable('logo', {
	hash: text('hash').primaryKey(),
	contentType: text('content_type').notNull(),
	data: blob('data', { mode: 'buffer' }).notNull(),
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	createdAt: timestamp('created_at')
});

/** An organization's endorsement: verified by its contact's email, then approved by a moderator. */
export const endorsement = sqliteTable(
	'endorsement',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'restrict' }),
		state: text('state', { enum: ENDORSEMENT_STATES }).notNull().default('pending_email'),
		name: text('name').notNull(),
		/** The name folded for search and for spotting the same organization twice. */
		nameKey: text('name_key').notNull(),
		type: text('type', { enum: ORGANIZATION_TYPES }).notNull(),
		country: text('country').notNull(),
		city: text('city'),
		website: text('website'),
		/** The website's registrable domain (example.org for https://www.example.org/about). */
		websiteDomain: text('website_domain'),
		logoHash: text('logo_hash').references(() => logo.hash, { onDelete: 'set null' }),
		/** The organization's own words of support, plain text. */
		support: text('support'),
		contactName: text('contact_name').notNull(),
		contactRole: text('contact_role').notNull(),
		contactEmail: text('contact_email').notNull(),
		contactEmailCanonical: text('contact_email_canonical').notNull(),
		contactEmailDomain: text('contact_email_domain').notNull(),
		locale: text('locale', { enum: LOCALES }).notNull(),
		versionHash: text('version_hash').notNull(),
		consentVersion: text('consent_version').notNull(),
		consentedAt: timestamp('consented_at'),
		flags: text('flags', { mode: 'json' }).$type<SignatureFlag[]>().notNull().default(sql`'[]'`),
		ipHmac: text('ip_hmac'),
		confirmTokenHash: text('confirm_token_hash'),
		confirmExpiresAt: integer('confirm_expires_at', { mode: 'timestamp_ms' }),
		confirmEmailsSent: integer('confirm_emails_sent').notNull().default(0),
		/** Random per submission; the withdraw token is derived from it, so every email carries the same link. */
		linkSalt: text('link_salt').notNull(),
		withdrawTokenHash: text('withdraw_token_hash'),
		/** Why a moderator rejected or removed it, and what they added in their own words (sent to the contact). */
		decisionReason: text('decision_reason', { enum: DECISION_REASONS }),
		decisionNote: text('decision_note'),
		createdAt: timestamp('created_at'),
		updatedAt: timestamp('updated_at').$onUpdate(() => new Date()),
		verifiedAt: integer('verified_at', { mode: 'timestamp_ms' }),
		approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('endorsement_statement_contact_name_unique').on(t.statementId, t.contactEmailCanonical, t.nameKey),
		uniqueIndex('endorsement_confirm_token_unique').on(t.confirmTokenHash),
		uniqueIndex('endorsement_withdraw_token_unique').on(t.withdrawTokenHash),
		// Public lists: by name (keyset on name_key, id), and the newest on the statement page.
		index('endorsement_public_name_idx').on(t.statementId, t.state, t.nameKey, t.id),
		index('endorsement_public_newest_idx').on(t.statementId, t.state, t.approvedAt, t.id),
		index('endorsement_queue_idx').on(t.state, t.createdAt),
		index('endorsement_pending_expiry_idx').on(t.state, t.confirmExpiresAt),
		index('endorsement_contact_domain_idx').on(t.contactEmailDomain),
		index('endorsement_ip_hmac_age_idx').on(t.createdAt).where(sql`ip_hmac IS NOT NULL`),
		// Whether a logo is still used (the orphan purge asks for every logo).
		index('endorsement_logo_idx').on(t.logoHash)
	]
);

export type Endorsement = typeof endorsement.$inferSelect;
export type Logo = typeof logo.$inferSelect;
