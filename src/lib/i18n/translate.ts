import { get } from 'svelte/store';
import { format } from 'svelte-i18n';
import type { Locale } from './locales';
import './all-messages';

/**
 * A message in an explicitly named language, for code that runs outside a page render (emails,
 * actions after an await), where svelte-i18n's shared locale may belong to another request.
 */
export function translate(locale: Locale, id: string, values?: Record<string, string | number>): string {
	return get(format)(id, { locale, values });
}
