import countries from 'i18n-iso-countries';
import az from 'i18n-iso-countries/langs/az.json';
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import { INTL_LOCALES, type Locale } from '$lib/i18n/locales';

countries.registerLocale(en);
countries.registerLocale(de);
countries.registerLocale(az);

export type CountryOption = { code: string; name: string };

const cache = new Map<Locale, CountryOption[]>();

/** Every country, named and sorted for the page's language (Azerbaijani collation puts Ə after E). */
export function getCountryOptions(locale: Locale): CountryOption[] {
	let options = cache.get(locale);
	if (!options) {
		const collator = new Intl.Collator(INTL_LOCALES[locale]);
		options = Object.entries(countries.getNames(locale, { select: 'official' }))
			.map(([code, name]) => ({ code, name }))
			.sort((a, b) => collator.compare(a.name, b.name));
		cache.set(locale, options);
	}
	return options;
}

export function getCountryName(code: string, locale: Locale): string {
	return countries.getName(code, locale, { select: 'official' }) ?? code;
}
