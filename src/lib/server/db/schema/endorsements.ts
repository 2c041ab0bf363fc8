/** Organizations' endorsements and their logos. */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { LOCALES } from '../../../i18n/locales';
import { DECISION_REASONS, ENDORSEMENT_STATES, ORGANIZATION_TYPES, type EndorsementState } from '../../../validation/choices';
import { timestamp } from './columns';
import { statement } from './statements';
import type { SignatureFlag } from './signatures';

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
		/** A random public id of this endorsement in the ledger (never its id, never from the email); set when the row is made. */
		receipt: text('receipt'),
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
		uniqueIndex('endorsement_receipt_unique').on(t.receipt),
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
