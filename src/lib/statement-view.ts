import type { Locale } from '$lib/i18n/locales';
import type { StatementStatus } from '$lib/server/db/schema';

/** A published statement as a page shows it, in one language. */
export type StatementView = {
	id: number;
	slug: string;
	status: StatementStatus;
	signatureGoal: number | null;
	/** The language of the text shown, which differs from the page's when no translation exists. */
	locale: Locale;
	authoritativeLocale: Locale;
	official: boolean;
	contentHash: string;
	title: string;
	addressee: string | null;
	paragraphs: string[];
	/** The body's Markdown, rendered and sanitised on the server. */
	bodyHtml: string;
	/** Open, and inside its opening and closing dates. */
	signingOpen: boolean;
	closing: string;
	signatoryName: string;
	signatoryTitles: string[];
	issuedPlace: string;
	issuedOn: string;
	/** issuedOn written out in the text's language (formatted on the server). */
	issuedOnText: string;
	/** The issuer's name in every language the statement has, authoritative first. */
	issuerNames: { locale: Locale; name: string }[];
};
