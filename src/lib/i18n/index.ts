import { addMessages, init } from 'svelte-i18n';
import { DEFAULT_LOCALE } from './locales';
import en from './locales/en.json';
import de from './locales/de.json';
import az from './locales/az.json';

// Every language is registered synchronously: under SSR nothing may wait for a dictionary,
// or concurrent requests start rendering in each other's language (measured: with the locale set in
// the handle hook, ~400 of 600 concurrent requests in three languages rendered in the wrong one;
// tests/e2e/many-readers-at-once-each-get-their-own-language.e2e.ts checks it).
addMessages('en', en);
addMessages('de', de);
addMessages('az', az);
init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: DEFAULT_LOCALE });

export { LOCALES, LOCALE_NAMES, isLocale, type Locale } from './locales';
