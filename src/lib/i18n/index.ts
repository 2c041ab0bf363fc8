import { addMessages, init } from 'svelte-i18n';
import { DEFAULT_LOCALE, type Locale } from './locales';

type Dictionary = Parameters<typeof addMessages>[1];

// The server registers every language at start (all-messages.ts). The browser gets only its page's
// language, loaded before the page starts (routes/+layout.ts), and of it only what its pages use: the
// public part, and the staff panel's on the panel's pages (scripts/client-messages.js makes the parts).
init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: DEFAULT_LOCALE });

const parts = {
	public: import.meta.glob<Dictionary>('./locales/*.json', { query: '?area=public', import: 'default' }),
	admin: import.meta.glob<Dictionary>('./locales/*.json', { query: '?area=admin', import: 'default' })
};
const loaded = new Set<string>();

/** In the browser: the page's language (the public part, and the panel's on its pages), fetched once, before anything is rendered in it. */
export async function loadMessages(lang: Locale, staff: boolean): Promise<void> {
	if (import.meta.env.SSR) return;
	for (const area of staff ? (['public', 'admin'] as const) : (['public'] as const)) {
		if (loaded.has(`${lang}/${area}`)) continue;
		addMessages(lang, await parts[area][`./locales/${lang}.json`]());
		loaded.add(`${lang}/${area}`);
	}
}

export { LOCALES, LOCALE_NAMES, isLocale, type Locale } from './locales';
