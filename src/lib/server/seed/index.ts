import { and, eq, isNull } from 'drizzle-orm';
import { LOCALES, type Locale } from '$lib/i18n/locales';
import type { Db } from '../db';
import { statement, statementVersion, type StatementStatus } from '../db/schema';
import { computeContentHash, insertVersion } from '../statements/queries';
import { parseStatementText } from './statement-text';
import { translate } from '$lib/i18n/translate';

/** A statement's text in each language it has: `{slug}/{language}.txt`, the issued document's layout (statement-text.ts). */
const texts = import.meta.glob<string>('./*/*.txt', { query: '?raw', import: 'default', eager: true });

function versionsOf(slug: string, authoritative: Locale): SeedStatement['versions'] {
	const versions: SeedStatement['versions'] = {};
	for (const locale of LOCALES) {
		const text = texts[`./${slug}/${locale}.txt`];
		// The issuer is named as the site names the association in that language.
		if (text) versions[locale] = { text, issuerName: translate(locale, 'site.name'), official: locale === authoritative };
	}
	return versions;
}

type SeedStatement = {
	slug: string;
	status: StatementStatus;
	featured: boolean;
	authoritativeLocale: Locale;
	signatoryName: string;
	issuedOn: string;
	versions: Partial<Record<Locale, { text: string; issuerName: string; official: boolean }>>;
};

/** The statements the platform starts with. en.txt is the issued document, byte for byte; the other languages are unofficial translations. */
export const SEED_STATEMENTS: SeedStatement[] = [
	{
		slug: 'mine-contaminated-areas',
		status: 'open',
		featured: true,
		authoritativeLocale: 'en',
		signatoryName: 'Zaur Aliyev',
		issuedOn: '2026-04-04',
		versions: versionsOf('mine-contaminated-areas', 'en')
	}
];

/**
 * Insert the seed statements and any of their languages that are missing. Safe to run at every
 * start: what exists (perhaps edited by a moderator since) is left as it is.
 */
export function seedStatements(db: Db, seeds: SeedStatement[] = SEED_STATEMENTS): void {
	db.transaction(
		(tx) => {
			for (const seed of seeds) {
				const existing = tx.select({ id: statement.id }).from(statement).where(eq(statement.slug, seed.slug)).get();
				const statementId =
					existing?.id ??
					tx
						.insert(statement)
						.values({
							slug: seed.slug,
							status: seed.status,
							featured: seed.featured,
							authoritativeLocale: seed.authoritativeLocale,
							signatoryName: seed.signatoryName,
							issuedOn: seed.issuedOn
						})
						.returning({ id: statement.id })
						.get().id;

				const contentOf = (locale: Locale) => {
					const version = seed.versions[locale]!;
					const { signatoryName: _, ...text } = parseStatementText(version.text, seed.signatoryName);
					const content = { ...text, issuerName: version.issuerName };
					return { ...content, official: version.official, contentHash: computeContentHash(content) };
				};
				// A translation added to the seed later is a translation of the issued text: it joins a
				// statement whose authoritative text is still that one, never one a moderator has edited since.
				const authoritative = tx
					.select({ contentHash: statementVersion.contentHash })
					.from(statementVersion)
					.where(and(eq(statementVersion.statementId, statementId), eq(statementVersion.locale, seed.authoritativeLocale), isNull(statementVersion.supersededAt)))
					.get();
				if (authoritative && authoritative.contentHash !== contentOf(seed.authoritativeLocale).contentHash) continue;

				for (const locale of Object.keys(seed.versions) as Locale[]) {
					const present = tx
						.select({ id: statementVersion.id })
						.from(statementVersion)
						.where(and(eq(statementVersion.statementId, statementId), eq(statementVersion.locale, locale)))
						.get();
					if (present) continue;
					insertVersion(tx, { statementId, locale, ...contentOf(locale) });
				}
			}
		},
		{ behavior: 'immediate' }
	);
}
