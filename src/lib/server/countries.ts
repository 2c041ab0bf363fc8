import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { INTL_LOCALES, LOCALES, type Locale } from '$lib/i18n/locales';
import type { CountryOption } from '$lib/country-codes';

// Country names in every language the site speaks, from i18n-iso-countries' files: a language added to
// languages.json brings its names along (the package has ~80 languages).
const require = createRequire(import.meta.url);
for (const l of LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));

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
