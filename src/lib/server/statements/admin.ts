import { and, eq, isNull, ne } from 'drizzle-orm';
import { LOCALES, type Locale } from '$lib/i18n/locales';
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { statement, statementVersion, STATEMENT_STATUSES, type StatementStatus } from '../db/schema';
import type { StaffActor } from '../staff/accounts';
import { activateVersion, computeContentHash, insertVersion, type VersionContent } from './queries';

export type StatementSettings = {
	status: StatementStatus;
	featured: boolean;
	signatureGoal: number | null;
	opensAt: Date | null;
	closesAt: Date | null;
};

export type AdminContext = { actor: StaffActor; ipHmac: string | null };

export function listStatementsForAdmin(db: Db) {
	const rows = db.select().from(statement).orderBy(statement.id).all();
	return rows.map((row) => ({
		...row,
		locales: db
			.select({ locale: statementVersion.locale, official: statementVersion.official, title: statementVersion.title })
			.from(statementVersion)
			.where(and(eq(statementVersion.statementId, row.id), isNull(statementVersion.supersededAt)))
			.all()
	}));
}

export function getStatementForEdit(db: Db, slug: string) {
	const row = db.select().from(statement).where(eq(statement.slug, slug)).get();
	if (!row) return null;
	const versions = db
		.select()
		.from(statementVersion)
		.where(and(eq(statementVersion.statementId, row.id), isNull(statementVersion.supersededAt)))
		.all();
	const history = db.select({ id: statementVersion.id, locale: statementVersion.locale, contentHash: statementVersion.contentHash, createdAt: statementVersion.createdAt, supersededAt: statementVersion.supersededAt }).from(statementVersion).where(eq(statementVersion.statementId, row.id)).all();
	return { statement: row, versions: Object.fromEntries(versions.map((v) => [v.locale, v])) as Partial<Record<Locale, (typeof versions)[number]>>, history };
}

/**
 * Save a language's text. A changed text is a new version (the old one is kept, superseded), so that
 * every signature still points at the exact text its signer saw. Returns false when nothing changed.
 */
export function saveStatementText(db: Db, slug: string, locale: Locale, content: VersionContent, official: boolean, ctx: AdminContext, now = new Date()): boolean | null {
	return db.transaction(
		(tx) => {
			const row = tx.select().from(statement).where(eq(statement.slug, slug)).get();
			if (!row) return null;
			const current = tx
				.select()
				.from(statementVersion)
				.where(and(eq(statementVersion.statementId, row.id), eq(statementVersion.locale, locale), isNull(statementVersion.supersededAt)))
				.get();
			const contentHash = computeContentHash(content);
			if (current && current.contentHash === contentHash && current.official === official) return false;
			if (current?.contentHash === contentHash) {
				tx.update(statementVersion).set({ official }).where(eq(statementVersion.id, current.id)).run();
			} else {
				if (current) tx.update(statementVersion).set({ supersededAt: now }).where(eq(statementVersion.id, current.id)).run();
				// A text edited back to an earlier version becomes current again rather than a duplicate.
				const earlier = tx.select().from(statementVersion).where(and(eq(statementVersion.statementId, row.id), eq(statementVersion.locale, locale), eq(statementVersion.contentHash, contentHash))).get();
				if (earlier) {
					tx.update(statementVersion).set({ supersededAt: null, official }).where(eq(statementVersion.id, earlier.id)).run();
					activateVersion(tx, earlier.id, now);
				} else insertVersion(tx, { statementId: row.id, locale, ...content, official, contentHash }, now);
			}
			recordAudit(tx, { actor: ctx.actor, action: 'statement.save_text', subjectType: 'statement', subjectId: row.slug, before: current ? { locale, contentHash: current.contentHash, official: current.official } : null, after: { locale, contentHash, official }, ipHmac: ctx.ipHmac }, now);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

export type SettingsOutcome = 'saved' | 'not_found' | 'missing_translations';

/**
 * Status, dates, goal and the featured flag. A statement opens only with a text in every language; one
 * open already stays savable when a language is added to the site (its page shows the authoritative
 * text, saying so, until a moderator adds the translation).
 */
export function updateStatementSettings(db: Db, slug: string, settings: StatementSettings, ctx: AdminContext): SettingsOutcome {
	return db.transaction(
		(tx) => {
			const row = tx.select().from(statement).where(eq(statement.slug, slug)).get();
			if (!row) return 'not_found';
			if (settings.status === 'open' && row.status !== 'open') {
				const present = new Set(
					tx.select({ locale: statementVersion.locale }).from(statementVersion).where(and(eq(statementVersion.statementId, row.id), isNull(statementVersion.supersededAt))).all().map((v) => v.locale)
				);
				if (LOCALES.some((l) => !present.has(l))) return 'missing_translations';
			}
			if (settings.featured) tx.update(statement).set({ featured: false }).where(ne(statement.id, row.id)).run();
			const closedAt = settings.status === 'closed' ? (row.status === 'closed' ? row.closedAt : new Date()) : null;
			tx.update(statement).set({ ...settings, closedAt }).where(eq(statement.id, row.id)).run();
			const pick = (s: StatementSettings | typeof row) => ({ status: s.status, featured: s.featured, signatureGoal: s.signatureGoal, opensAt: s.opensAt?.toISOString() ?? null, closesAt: s.closesAt?.toISOString() ?? null });
			recordAudit(tx, { actor: ctx.actor, action: 'statement.update_settings', subjectType: 'statement', subjectId: row.slug, before: pick(row), after: pick(settings), ipHmac: ctx.ipHmac });
			return 'saved';
		},
		{ behavior: 'immediate' }
	);
}

export type NewStatement = { slug: string; signatoryName: string; issuedOn: string; content: VersionContent };

/** A new statement starts as a draft with its English text; translations are added before it opens. */
export function createStatement(db: Db, input: NewStatement, ctx: AdminContext): boolean {
	return db.transaction(
		(tx) => {
			if (tx.select({ id: statement.id }).from(statement).where(eq(statement.slug, input.slug)).get()) return false;
			const row = tx
				.insert(statement)
				.values({ slug: input.slug, status: 'draft', authoritativeLocale: 'en', signatoryName: input.signatoryName, issuedOn: input.issuedOn })
				.returning()
				.get();
			insertVersion(tx, { statementId: row.id, locale: 'en', ...input.content, official: true, contentHash: computeContentHash(input.content) });
			recordAudit(tx, { actor: ctx.actor, action: 'statement.create', subjectType: 'statement', subjectId: row.slug, after: { slug: row.slug }, ipHmac: ctx.ipHmac });
			return true;
		},
		{ behavior: 'immediate' }
	);
}

export const isStatementStatus = (value: unknown): value is StatementStatus => (STATEMENT_STATUSES as readonly unknown[]).includes(value);
