/**
 * Delivery dossiers: the PDF the association hands to the addressees, with the public data files
 * that accompany it, produced at a signed head of the ledger. The files live in the data folder
 * (dossiers/); a row says what was asked, who asked, and what came out.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import type { Locale } from '../../../i18n/locales';
import { timestamp } from './columns';
import { ledgerHead } from './ledger';
import { adminUser } from './staff';
import { statement } from './statements';

/** deleted: its files were taken away (by an administrator, or when the statement was anonymised); the row stays. */
export const DOSSIER_STATES = ['queued', 'running', 'done', 'failed', 'deleted'] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export const dossier = sqliteTable(
	'dossier',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		statementId: integer('statement_id')
			.notNull()
			.references(() => statement.id, { onDelete: 'restrict' }),
		/** The statement's texts it includes, the authoritative one first. */
		locales: text('locales', { mode: 'json' }).$type<Locale[]>().notNull(),
		withSignatories: integer('with_signatories', { mode: 'boolean' }).notNull(),
		/** The time the administrator asked for; the dossier is the state of the ledger's last head at or before it. */
		cutoff: integer('cutoff', { mode: 'timestamp_ms' }).notNull(),
		headId: integer('head_id')
			.notNull()
			.references(() => ledgerHead.id, { onDelete: 'restrict' }),
		state: text('state', { enum: DOSSIER_STATES }).notNull().default('queued'),
		/** 0–100 while it is made. */
		progress: integer('progress').notNull().default(0),
		createdById: integer('created_by_id').references(() => adminUser.id, { onDelete: 'set null' }),
		createdByEmail: text('created_by_email'),
		createdAt: timestamp('created_at'),
		finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
		/** SHA-256 (hex) and size of the PDF, and of the public data files printed in it. */
		pdfSha256: text('pdf_sha256'),
		pdfBytes: integer('pdf_bytes'),
		pages: integer('pages'),
		csvSha256: text('csv_sha256'),
		jsonSha256: text('json_sha256'),
		signatories: integer('signatories'),
		/** How long it took and the producing process's peak memory. */
		milliseconds: integer('milliseconds'),
		peakRssBytes: integer('peak_rss_bytes'),
		error: text('error')
	},
	(t) => [index('dossier_statement_idx').on(t.statementId, t.id)]
);

export type Dossier = typeof dossier.$inferSelect;
