/**
 * The forms' own checks in the browser: the same schemas the server applies, and its messages in the
 * page's language, so that a person reads the same words before sending as after. Loaded when the
 * person turns to a form (zod is most of it).
 */
import { checkLogoFile, parseEndorsement } from '$lib/validation/endorsement';
import { parseSignature } from '$lib/validation/signature';

export type FormKind = 'signature' | 'endorsement';
type Dictionary = { [key: string]: string | Dictionary };

// One small part of each language's dictionary (scripts/client-messages.js), fetched for the page's.
const dictionaries = import.meta.glob<Dictionary>('../i18n/locales/*.json', { query: '?area=forms', import: 'default' });

/** The page's language's messages: a message key → its words (the key itself where none is found). */
export async function loadMessages(lang: string): Promise<(key: string) => string> {
	const load = dictionaries[`../i18n/locales/${lang}.json`] ?? dictionaries['../i18n/locales/en.json'];
	const dictionary = await load();
	return (key) => {
		let found: string | Dictionary | undefined = dictionary;
		for (const part of key.split('.')) found = typeof found === 'object' ? found[part] : undefined;
		return typeof found === 'string' ? found : key;
	};
}

/** Field name → the message key of what is wrong with it; empty when the form may go. */
export function findErrors(kind: FormKind, form: HTMLFormElement): Record<string, string> {
	const data = new FormData(form);
	const fields = Object.fromEntries([...data.entries()].filter(([, value]) => typeof value === 'string'));
	if (kind === 'signature') {
		const result = parseSignature(fields);
		return result.ok ? {} : { ...result.errors };
	}
	const result = parseEndorsement(fields);
	const found: Record<string, string> = result.ok ? {} : { ...result.errors };
	const file = data.get('logo');
	const logoError = file instanceof File ? checkLogoFile(file) : null;
	if (logoError) found.logo = logoError;
	return found;
}
