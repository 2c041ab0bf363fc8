import countries from 'i18n-iso-countries';
import az from 'i18n-iso-countries/langs/az.json';
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import { INTL_LOCALES, type Locale } from '$lib/i18n/locales';

countries.registerLocale(en);
countries.registerLocale(de);
countries.registerLocale(az);

/** ISO 3166-1 alpha-2 codes a signer may choose. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

export function isCountryCode(value: unknown): value is string {
	return typeof value === 'string' && COUNTRY_CODES.has(value);
}

export type CountryOption = { code: string; name: string };

const options = new Map<Locale, CountryOption[]>();

/** Every country, named and sorted for the page's language (Azerbaijani collation puts Ə after E). */
export function getCountryOptions(locale: Locale): CountryOption[] {
	let list = options.get(locale);
	if (!list) {
		const collator = new Intl.Collator(INTL_LOCALES[locale]);
		list = Object.entries(countries.getNames(locale, { select: 'official' }))
			.map(([code, name]) => ({ code, name }))
			.sort((a, b) => collator.compare(a.name, b.name));
		options.set(locale, list);
	}
	return list;
}

export function getCountryName(code: string, locale: Locale): string {
	return countries.getName(code, locale, { select: 'official' }) ?? code;
}
