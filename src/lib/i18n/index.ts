import { addMessages, init } from 'svelte-i18n';
import { DEFAULT_LOCALE } from './locales';
import en from './locales/en.json';
import de from './locales/de.json';
import az from './locales/az.json';

// Every language is registered synchronously: under SSR nothing may wait for a dictionary,
// or concurrent requests start rendering in each other's language (see DESIGN.md).
addMessages('en', en);
addMessages('de', de);
addMessages('az', az);
init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: DEFAULT_LOCALE });

export { LOCALES, LOCALE_NAMES, isLocale, type Locale } from './locales';
