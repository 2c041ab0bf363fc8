/** The outbox: mail queued in the transaction of what it is about, sent after the commit. */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
// Relative, not $lib: drizzle-kit loads these files without Vite's aliases.
import { LOCALES } from '../../../i18n/locales';
import { timestamp } from './columns';

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

export type MailMessage = typeof mailOutbox.$inferSelect;
