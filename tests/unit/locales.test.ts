import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LOCALES, localizePath, negotiateLocale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ''): Map<string, string> {
	const out = new Map<string, string>();
	for (const [key, value] of Object.entries(messages)) {
		if (typeof value === 'string') out.set(prefix + key, value);
		else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
	}
	return out;
}

const files = Object.fromEntries(
	LOCALES.map((l) => [l, flatten(JSON.parse(readFileSync(`src/lib/i18n/locales/${l}.json`, 'utf8')))])
);

describe('the message files', () => {
	it.each(LOCALES)('%s has exactly the keys of every other language', (l) => {
		const all = new Set(LOCALES.flatMap((other) => [...files[other].keys()]));
		expect([...all].filter((k) => !files[l].has(k))).toEqual([]);
	});

	it.each(LOCALES)('%s has no empty message and the same placeholders as English', (l) => {
		for (const [key, text] of files[l]) {
			expect(text.trim(), key).not.toBe('');
			// Plural branches ("one {…}") are text, not arguments, and differ between languages.
			const placeholders = (s: string) =>
				[...s.replace(/(=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\}/g, '').matchAll(/\{\s*(\w+)/g)]
					.map((m) => m[1])
					.sort();
			expect(placeholders(text), key).toEqual(placeholders(files.en.get(key)!));
		}
	});

	it.each(LOCALES)('%s names every field of the sign form apart (a screen reader tells them by their names)', (l) => {
		const labels = ['name', 'email', 'country', 'city', 'affiliation', 'displayFull', 'displayInitials', 'displayPrivate', 'updates'].map((k) => files[l].get(`sign.${k}`));
		expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
	});

	it('the page shown when even the error page fails says it in every language', () => {
		const html = readFileSync('src/error.html', 'utf8');
		for (const l of LOCALES) expect(html, `src/error.html needs a line in ${l}`).toMatch(new RegExp(`<(?:h1|p) lang="${l}">[^<]{20,}</`));
	});

	it('every key used in the source exists', () => {
		const used = new Set<string>();
		const sources = [
			'src/routes/+layout.svelte',
			'src/routes/+error.svelte',
			'src/lib/components/StatementPage.svelte',
			'src/lib/components/LanguageSwitcher.svelte',
			'src/routes/[lang=locale]/imprint/+page.svelte'
		];
		for (const file of sources) {
			for (const m of readFileSync(file, 'utf8').matchAll(/\$_\('([\w.]+)'/g)) used.add(m[1]);
		}
		expect(used.size).toBeGreaterThan(10);
		expect([...used].filter((k) => !files.en.has(k))).toEqual([]);
	});
});

describe('choosing a language', () => {
	it.each([
		[null, undefined, 'en'],
		['de-DE,de;q=0.9,en;q=0.8', undefined, 'de'],
		['az-Latn-AZ', undefined, 'az'],
		['fr-FR,fr;q=0.9', undefined, 'fr'],
		['ru-RU,ru;q=0.9,en-US;q=0.8', undefined, 'ru'],
		['tr-TR', undefined, 'tr'],
		['uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7', undefined, 'ru'],
		['es;q=0.9,az;q=0.5,de;q=0.7', undefined, 'de'],
		['es-ES', undefined, 'en'],
		['de;q=0, az', undefined, 'az'],
		['*', undefined, 'en'],
		['de', 'az', 'az'],
		['de', 'xx', 'de'],
		['garbage;;;,q=', undefined, 'en']
	])('Accept-Language %s with cookie %s gives %s', (header, cookie, expected) => {
		expect(negotiateLocale(header, cookie)).toBe(expected);
	});

	it('keeps the page when switching language', () => {
		expect(localizePath('/de/privacy', 'az')).toBe('/az/privacy');
		expect(localizePath('/en/statements/mine-contaminated-areas', 'de')).toBe(
			'/de/statements/mine-contaminated-areas'
		);
		expect(localizePath('/en', 'de')).toBe('/de');
		expect(localizePath('/unknown/page', 'az')).toBe('/az');
	});
});

describe('counts read as people write them', () => {
	it.each([
		['en', 'One confirmed signature', '2,500 confirmed signatures'],
		['de', 'Eine bestätigte Unterschrift', '2.500 bestätigte Unterschriften'],
		['az', 'Bir təsdiqlənmiş imza', '2.500 təsdiqlənmiş imza']
	] as const)('the signatories page in %s says "%s" for one signer', (locale, one, many) => {
		expect(translate(locale, 'signatories.count', { count: 1, countText: '1' })).toBe(one);
		expect(translate(locale, 'signatories.count', { count: 2500, countText: many.split(' ')[0] })).toBe(many);
	});
});

describe('plurals follow each language\'s rules', () => {
	/** Every message in English with each placeholder set to one; a count of one must never meet a plural noun. */
	const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]))];

	it('no English message says "1 versions"', () => {
		const wrong: string[] = [];
		for (const [key, text] of files.en) {
			const names = placeholders(text);
			if (names.length === 0) continue;
			const out = translate('en', key, Object.fromEntries(names.map((n) => [n, 1])));
			// "1 signatures", "1 matching signatures", "1 signed states": a one followed by up to two words ending in s.
			if (/(^|[^\d.,])1 (\w+ )?\w+(s|es)\b/.test(out.replace(/\b1 (is|was|has|as|yes|this|its|his)\b/g, ''))) wrong.push(`${key}: ${out}`);
		}
		expect(wrong).toEqual([]);
	});

	it('German counts what English counts in the plural the same way', () => {
		const plurals = (text: string) => [...text.matchAll(/\{(\w+), plural/g)].map((m) => m[1]).sort();
		for (const [key, text] of files.en) {
			for (const name of plurals(text)) expect(plurals(files.de.get(key)!), `${key}: {${name}} in German`).toContain(name);
		}
	});

	it.each([
		['en', '1 version', '2 versions'],
		['de', '1 Fassung', '2 Fassungen'],
		['az', '1 versiya', '2 versiya']
	] as const)('a statement\'s text in %s has "%s" and "%s"', (locale, one, two) => {
		expect(translate(locale, 'admin.statements.versions', { count: 1 })).toBe(one);
		expect(translate(locale, 'admin.statements.versions', { count: 2 })).toBe(two);
	});
});
