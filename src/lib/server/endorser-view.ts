import type { Locale } from '$lib/i18n/locales';
import { getCountryName } from '$lib/countries';
import type { PublicEndorser } from './endorsers';

/** An endorser as pages show it: the country named in the page's language, the website's host for the link text. */
export function toEndorserView(endorser: PublicEndorser, locale: Locale) {
	return {
		...endorser,
		countryName: getCountryName(endorser.country, locale),
		websiteHost: endorser.website ? new URL(endorser.website).hostname.replace(/^www\./, '') : null
	};
}

export type EndorserView = ReturnType<typeof toEndorserView>;
