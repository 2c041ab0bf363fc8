import { readFileSync } from 'node:fs';
import type { Locale } from '../../src/lib/i18n/locales';

/** Every language of the site (languages.json). */
export const LOCALES = Object.keys(JSON.parse(readFileSync('src/lib/i18n/languages.json', 'utf8'))) as Locale[];
export const SLUG = 'mine-contaminated-areas';

/** Every public page of the site, in one language. */
export function publicPages(lang: Locale): { name: string; path: string; status: number }[] {
	return [
		{ name: 'home', path: `/${lang}`, status: 200 },
		{ name: 'statement', path: `/${lang}/statements/${SLUG}`, status: 200 },
		{ name: 'privacy', path: `/${lang}/privacy`, status: 200 },
		{ name: 'imprint', path: `/${lang}/imprint`, status: 200 },
		{ name: 'sign', path: `/${lang}/statements/${SLUG}/sign`, status: 200 },
		{ name: 'check-inbox', path: `/${lang}/statements/${SLUG}/check-your-inbox`, status: 200 },
		{ name: 'thank-you', path: `/${lang}/statements/${SLUG}/thank-you`, status: 200 },
		{ name: 'signatories', path: `/${lang}/statements/${SLUG}/signatories`, status: 200 },
		{ name: 'endorse', path: `/${lang}/statements/${SLUG}/endorse`, status: 200 },
		{ name: 'endorse-check-inbox', path: `/${lang}/statements/${SLUG}/endorse/check-your-inbox`, status: 200 },
		{ name: 'organizations', path: `/${lang}/statements/${SLUG}/organizations`, status: 200 },
		{ name: 'ledger', path: `/${lang}/statements/${SLUG}/ledger`, status: 200 },
		{ name: 'statistics', path: `/${lang}/statements/${SLUG}/statistics`, status: 200 },
		{ name: 'ledger-check', path: `/${lang}/statements/${SLUG}/ledger/check?receipt=${'0'.repeat(32)}`, status: 200 },
		{ name: 'endorsement-confirm-invalid', path: `/${lang}/endorsement/confirm/${'x'.repeat(32)}`, status: 200 },
		{ name: 'endorsement-withdraw-invalid', path: `/${lang}/endorsement/withdraw/${'x'.repeat(32)}`, status: 200 },
		{ name: 'confirm-invalid', path: `/${lang}/confirm/${'x'.repeat(32)}`, status: 200 },
		{ name: 'withdraw-invalid', path: `/${lang}/withdraw/${'x'.repeat(32)}`, status: 200 },
		{ name: 'unsubscribe-invalid', path: `/${lang}/unsubscribe/${'x'.repeat(32)}`, status: 200 },
		{ name: 'my-data', path: `/${lang}/my-data`, status: 200 },
		{ name: 'not-found', path: `/${lang}/no-such-page`, status: 404 },
		{ name: 'staff-login', path: '/admin/login', status: 200 }
	];
}

/** The statement's title in each language: the second block of its text (src/lib/server/seed/statement-text.ts). */
export const TITLES = Object.fromEntries(
	LOCALES.map((l) => [l, readFileSync(`src/lib/server/seed/${SLUG}/${l}.txt`, 'utf8').trim().split(/\n[ \t]*\n/)[1].trim()])
) as Record<Locale, string>;

/** The skip link's words in each language. */
export const SKIP_LINK = Object.fromEntries(
	LOCALES.map((l) => [l, JSON.parse(readFileSync(`src/lib/i18n/locales/${l}.json`, 'utf8')).site.skipToContent])
) as Record<Locale, string>;

export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
