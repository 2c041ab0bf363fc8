// Every language's messages, registered at once: for the server only (hooks.server.ts loads this
// through translate.ts before any page renders). Under SSR nothing may wait for a dictionary, or
// concurrent requests start rendering in each other's language (measured: with the locale set in the
// handle hook, ~400 of 600 concurrent requests in three languages rendered in the wrong one;
// tests/e2e/many-readers-at-once-each-get-their-own-language.e2e.ts checks it). The browser loads
// only its page's language ($lib/i18n, routes/+layout.ts).
import { addMessages } from 'svelte-i18n';
import './index';

type Dictionary = Parameters<typeof addMessages>[1];

for (const [file, messages] of Object.entries(import.meta.glob<Dictionary>('./locales/*.json', { import: 'default', eager: true }))) {
	addMessages(file.slice('./locales/'.length, -'.json'.length), messages);
}
