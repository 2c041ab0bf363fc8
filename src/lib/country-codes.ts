import countries from 'i18n-iso-countries';

/** ISO 3166-1 alpha-2 codes a signer may choose (no names: the browser's form checks use this). */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

export function isCountryCode(value: unknown): value is string {
	return typeof value === 'string' && COUNTRY_CODES.has(value);
}

export type CountryOption = { code: string; name: string };
