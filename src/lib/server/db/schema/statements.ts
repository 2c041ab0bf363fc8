/** Statements and their versions (the texts in every language). */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { LOCALES } from '../../../i18n/locales';
import { timestamp } from './columns';

export const STATEMENT_STATUSES = ['draft', 'open', 'closed'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

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

/**
 * When each version became a language's current text: when it was made, and again whenever a text
 * is edited back to it. The dossier prints the texts as they stood at its signed head.
 */
export const statementVersionActivation = sqliteTable(
	'statement_version_activation',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		versionId: integer('version_id')
			.notNull()
			.references(() => statementVersion.id, { onDelete: 'cascade' }),
		activatedAt: integer('activated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('statement_version_activation_version_idx').on(t.versionId, t.activatedAt)]
);

export type Statement = typeof statement.$inferSelect;
export type StatementVersion = typeof statementVersion.$inferSelect;
