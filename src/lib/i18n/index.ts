import { addMessages, init } from 'svelte-i18n';
import { DEFAULT_LOCALE, type Locale } from './locales';

type Dictionary = Parameters<typeof addMessages>[1];

// The server registers every language at start (all-messages.ts). The browser gets only its page's
// language, loaded before the page starts (routes/+layout.ts): each dictionary is a chunk of its own.
init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: DEFAULT_LOCALE });

const dictionaries = import.meta.glob<Dictionary>('./locales/*.json', { import: 'default' });
const loaded = new Set<Locale>();

/** In the browser: the page's language, fetched once, before anything is rendered in it. */
export async function loadMessages(lang: Locale): Promise<void> {
	if (import.meta.env.SSR || loaded.has(lang)) return;
	addMessages(lang, await dictionaries[`./locales/${lang}.json`]());
	loaded.add(lang);
}

export { LOCALES, LOCALE_NAMES, isLocale, type Locale } from './locales';
