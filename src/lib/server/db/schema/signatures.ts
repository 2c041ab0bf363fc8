/** Signatures: one row per address and statement, with its state (signatures/states.ts). */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { LOCALES } from '../../../i18n/locales';
import { DISPLAY_CHOICES } from '../../../validation/choices';
import { timestamp } from './columns';
import { statement } from './statements';

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
		/** A random public id of this signature in the ledger (never its id, never from the email); set when the row is made. */
		receipt: text('receipt'),
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
		uniqueIndex('signature_receipt_unique').on(t.receipt),
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

export type Signature = typeof signature.$inferSelect;
