// What of the messages a browser gets: its page's language (routes/+layout.ts), and of that only
// the sections the pages it renders use. A Vite plugin: `./locales/en.json?area=public` is the
// dictionary without the staff panel's messages and without what only the server renders (emails,
// and the privacy notice and imprint, pages sent without JavaScript); `?area=admin` is the staff
// panel's; `?area=forms` is what the forms' own script says (src/lib/client/checks.ts): the error
// messages and the heading of their list. The server registers the whole files (src/lib/i18n/all-messages.ts).
import { readFile } from 'node:fs/promises';

/** Sections no page rendered in the browser uses. */
export const SERVER_ONLY = ['mail', 'privacy', 'imprint'];
/** The staff panel's section, loaded only on its pages. */
export const STAFF = 'admin';

/** The part of a dictionary a browser gets for its area. @param {Record<string, any>} all @param {'public' | 'admin' | 'forms'} area */
export function messagesFor(all, area) {
	if (area === 'admin') return { [STAFF]: all[STAFF] };
	if (area === 'forms') return { errors: all.errors, sign: { errorSummary: all.sign?.errorSummary } };
	return Object.fromEntries(Object.entries(all).filter(([section]) => section !== STAFF && !SERVER_ONLY.includes(section)));
}

/** @returns {import('vite').Plugin} */
export function clientMessages() {
	return {
		name: 'undersigned:client-messages',
		enforce: 'pre',
		async load(id) {
			const match = /\/i18n\/locales\/[a-z]+\.json\?area=(public|admin|forms)$/.exec(id);
			if (!match) return null;
			const file = id.slice(0, id.indexOf('?'));
			this.addWatchFile(file);
			const part = messagesFor(JSON.parse(await readFile(file, 'utf8')), /** @type {'public' | 'admin' | 'forms'} */ (match[1]));
			// A module of our own (not JSON for Vite's JSON plugin: with a query the bundler takes it for code).
			return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(part))});`, moduleType: 'js' };
		}
	};
}
