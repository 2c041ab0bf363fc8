import languages from './languages.json';

/**
 * The languages the platform speaks, in the switcher's order: languages.json is the one list (README,
 * "Adding a language"). English is authoritative.
 */
export type Locale = keyof typeof languages;
export const LOCALES = Object.keys(languages) as [Locale, ...Locale[]];
export const DEFAULT_LOCALE: Locale = 'en';

/** The cookie that remembers a language a visitor picked with the switcher. */
export const LANG_COOKIE = 'lang';

/** Each language's name in itself, for the switcher. */
export const LOCALE_NAMES = Object.fromEntries(LOCALES.map((l) => [l, languages[l].name])) as Record<Locale, string>;

/** BCP 47 tags for Intl formatting; British English writes dates as the statement does ("4 April 2026"). */
export const INTL_LOCALES = Object.fromEntries(LOCALES.map((l) => [l, languages[l].intl])) as Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The visitor's language: an explicit choice (cookie) first, then the best match in
 * Accept-Language by quality, then English.
 */
export function negotiateLocale(acceptLanguage: string | null, chosen?: string | null): Locale {
	if (isLocale(chosen)) return chosen;
	if (!acceptLanguage) return DEFAULT_LOCALE;
	const ranges = acceptLanguage
		.split(',')
		.map((part, order) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, order };
		})
		.filter((r) => r.tag && r.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.order - b.order);
	for (const { tag } of ranges) {
		const primary = tag.split('-')[0];
		if (isLocale(primary)) return primary;
	}
	return DEFAULT_LOCALE;
}

/**
 * The staff panel has no language in its addresses: the switcher's cookie decides. (cache-policy.js
 * has the same rule as `neverStored`; it is plain JavaScript for server.js and reads the server's
 * environment, so the browser's code cannot import it.)
 */
export function isStaffPath(pathname: string): boolean {
	return pathname === '/admin' || pathname.startsWith('/admin/');
}

/** The same page in another language: swaps (or adds) the leading locale segment of a path. */
export function localizePath(pathname: string, target: Locale): string {
	if (isStaffPath(pathname)) return pathname;
	const segments = pathname.split('/');
	if (isLocale(segments[1])) {
		segments[1] = target;
		return segments.join('/');
	}
	return `/${target}`;
}

/**
 * A calendar date (YYYY-MM-DD) written out in a language, e.g. "4 April 2026", "4 aprel 2026".
 * Call it on the server: browsers ship reduced locale data (Chromium has no Azerbaijani month names).
 */
// Building an Intl formatter costs far more than using one: one per language, made on first use.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatLongDate(isoDate: string, locale: Locale): string {
	let format = dateFormats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(INTL_LOCALES[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
		dateFormats.set(locale, format);
	}
	return format.format(new Date(`${isoDate}T00:00:00Z`));
}

/** A count written for a language ("12,345", "12.345", "12 345"). Call it on the server, as above. */
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A moment as people of this language write it, in UTC (the ledger's heads): the long date, then hh:mm. */
export function formatUtcTime(at: Date, locale: Locale): string {
	let format = timeFormats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(INTL_LOCALES[locale], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
		timeFormats.set(locale, format);
	}
	return `${formatLongDate(at.toISOString().slice(0, 10), locale)}, ${format.format(at)} UTC`;
}

const dayMonthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A day as a chart's axis names it ("6 Dec", "6. Dez."), from its ISO date. */
export function formatDayMonth(isoDate: string, locale: Locale): string {
	let format = dayMonthFormats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(INTL_LOCALES[locale], { day: 'numeric', month: 'short', timeZone: 'UTC' });
		dayMonthFormats.set(locale, format);
	}
	return format.format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatCount(value: number, locale: Locale): string {
	let format = numberFormats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(INTL_LOCALES[locale]);
		numberFormats.set(locale, format);
	}
	return format.format(value);
}
