/** What public lists show of a signer's name: all of it, initials, or nothing, as they chose. */
import type { Locale } from '$lib/i18n/locales';
import type { DisplayChoice } from '$lib/validation/choices';

export function initialsOf(name: string, locale: Locale): string {
	return name
		.split(/[\s-]+/)
		.filter(Boolean)
		.map((word) => `${[...word.normalize('NFC')][0].toLocaleUpperCase(locale)}.`)
		.join(' ');
}

export function publicNameOf(name: string, display: DisplayChoice, locale: Locale): string | null {
	if (display === 'full') return name;
	if (display === 'initials') return initialsOf(name, locale);
	return null;
}
