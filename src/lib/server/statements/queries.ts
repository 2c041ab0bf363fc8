import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { formatLongDate, LOCALES, type Locale } from '$lib/i18n/locales';
import type { Connection, Db } from '../db';
import { preparedQuery } from '../db/prepared';
import { statement, statementVersion, statementVersionActivation, type StatementStatus } from '../db/schema';
import type { StatementView } from '$lib/statement-view';
import { renderMarkdown } from '../markdown';

export type { StatementView };

/** Statements the public may read. Drafts stay with the moderators. */
export const PUBLISHED_STATUSES = ['open', 'closed'] as const satisfies readonly StatementStatus[];

export type VersionContent = {
	title: string;
	addressee: string | null;
	body: string;
	closing: string;
	issuerName: string;
	signatoryTitle: string;
	issuedPlace: string;
};

/** A new version of a language's text, current from `at` (its activation is kept: the dossier reads the text as it stood). */
export function insertVersion(db: Connection, values: Omit<typeof statementVersion.$inferInsert, 'createdAt'>, at = new Date()): number {
	const id = db.insert(statementVersion).values({ ...values, createdAt: at }).returning({ id: statementVersion.id }).get().id;
	activateVersion(db, id, at);
	return id;
}

/** A version becomes its language's current text (again) at `at`. */
export function activateVersion(db: Connection, versionId: number, at: Date): void {
	db.insert(statementVersionActivation).values({ versionId, activatedAt: at }).run();
}

/** The fingerprint of what a reader is shown; a signature records the one its signer saw. */
export function computeContentHash(content: VersionContent): string {
	const fields = [
		content.title,
		content.addressee ?? '',
		content.body,
		content.closing,
		content.issuerName,
		content.signatoryTitle,
		content.issuedPlace
	];
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}



export function getFeaturedStatement(db: Db, locale: Locale): StatementView | null {
	const row = db
		.select({ slug: statement.slug })
		.from(statement)
		.where(and(eq(statement.status, 'open'), eq(statement.featured, true)))
		.orderBy(desc(statement.id))
		.get();
	return row ? getPublishedStatement(db, row.slug, locale) : null;
}

/** How many languages the letterhead names the issuer in (six names would push the title off a phone's first screen). */
const LETTERHEAD_NAMES = 3;

export function getPublishedStatement(db: Db, slug: string, locale: Locale): StatementView | null {
	const found = db
		.select()
		.from(statement)
		.where(and(eq(statement.slug, slug), inArray(statement.status, PUBLISHED_STATUSES)))
		.get();
	if (!found) return null;
	const versions = db
		.select()
		.from(statementVersion)
		.where(and(eq(statementVersion.statementId, found.id), isNull(statementVersion.supersededAt)))
		.all();
	const shown =
		versions.find((v) => v.locale === locale) ??
		versions.find((v) => v.locale === found.authoritativeLocale);
	if (!shown) return null;
	// The letterhead names the issuer in at most three languages: the authoritative one and the page's
	// always, then the others in the site's order (English, German, Azerbaijani: the association's own).
	const rank = (l: Locale) => (l === found.authoritativeLocale ? -1 : LOCALES.indexOf(l));
	const letterhead = new Set<Locale>([found.authoritativeLocale, shown.locale, ...LOCALES]);
	const named = [...letterhead].flatMap((l) => versions.filter((v) => v.locale === l)).slice(0, LETTERHEAD_NAMES);
	const byAuthority = named.sort((a, b) => rank(a.locale) - rank(b.locale));
	return {
		id: found.id,
		slug: found.slug,
		status: found.status,
		signatureGoal: found.signatureGoal,
		locale: shown.locale,
		authoritativeLocale: found.authoritativeLocale,
		official: shown.official,
		contentHash: shown.contentHash,
		title: shown.title,
		addressee: shown.addressee,
		paragraphs: shown.body.split(/\n\s*\n/),
		bodyHtml: renderMarkdown(shown.body),
		signingOpen: isOpenForSigning(found),
		closing: shown.closing,
		signatoryName: found.signatoryName,
		signatoryTitles: shown.signatoryTitle.split('\n'),
		issuedPlace: shown.issuedPlace,
		issuedOn: found.issuedOn,
		issuedOnText: formatLongDate(found.issuedOn, shown.locale),
		issuerNames: byAuthority.map((v) => ({ locale: v.locale, name: v.issuerName }))
	};
}

/** The statements the public may read (open and closed), for the sitemap. */
export function listPublishedStatements(db: Db): { slug: string; updatedAt: Date }[] {
	return db.select({ slug: statement.slug, updatedAt: statement.updatedAt }).from(statement).where(inArray(statement.status, PUBLISHED_STATUSES)).orderBy(statement.id).all();
}

export function getStatementSlug(db: Db, statementId: number): string | null {
	return db.select({ slug: statement.slug }).from(statement).where(eq(statement.id, statementId)).get()?.slug ?? null;
}

/** How a page about one signature or endorsement names its statement: title and issuer, in the page's language. */
export function getStatementHeading(db: Db, statementId: number, locale: Locale): { slug: string; title: string; issuer: string; lang: Locale } | null {
	const slug = getStatementSlug(db, statementId);
	const view = slug ? getPublishedStatement(db, slug, locale) : null;
	if (!view) return null;
	// In the page's language where the statement has it; `lang` says which it is.
	return { slug: view.slug, title: view.title, issuer: (view.issuerNames.find((n) => n.locale === view.locale) ?? view.issuerNames[0]).name, lang: view.locale };
}

/** Signing is possible while the statement is open and inside its dates, if it has any. */
export function isOpenForSigning(row: { status: StatementStatus; opensAt: Date | null; closesAt: Date | null }, now = new Date()): boolean {
	if (row.status !== 'open') return false;
	if (row.opensAt && now < row.opensAt) return false;
	return !(row.closesAt && now >= row.closesAt);
}

export type SigningTarget = { id: number; slug: string; contentHash: string; signingOpen: boolean };

/**
 * What a sign or endorse submission needs of its statement, in one prepared query: the id, the
 * hash of the text shown in this language, and whether it is open. (The full view, with its
 * Markdown, is for pages.)
 */
export function getSigningTarget(db: Db, slug: string, locale: Locale, now = new Date()): SigningTarget | null {
	const row = preparedQuery(db, 'signing target', () => {
		const current = (locale: SQL | typeof statement.authoritativeLocale) =>
			db
				.select({ hash: statementVersion.contentHash })
				.from(statementVersion)
				.where(and(eq(statementVersion.statementId, statement.id), eq(statementVersion.locale, locale), isNull(statementVersion.supersededAt)));
		const { id, slug, status, opensAt, closesAt } = statement;
		return db
			.select({ id, slug, status, opensAt, closesAt, contentHash: sql<string | null>`coalesce(${current(sql`${sql.placeholder('locale')}`)}, ${current(statement.authoritativeLocale)})` })
			.from(statement)
			.where(and(eq(statement.slug, sql.placeholder('slug')), inArray(statement.status, ['open', 'closed'])))
			.prepare();
	}).get({ locale, slug });
	if (!row?.contentHash) return null;
	return { id: row.id, slug: row.slug, contentHash: row.contentHash, signingOpen: isOpenForSigning(row, now) };
}
