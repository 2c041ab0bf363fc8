import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create, type Font } from 'fontkit';
import { AZ_TR, compress, expand, makeFonts, NAMES_FAMILY, plan } from '../../scripts/fonts.js';
import { messagesFor } from '../../scripts/client-messages.js';
import { LOCALE_NAMES, LOCALES } from '$lib/i18n/locales';

const out = mkdtempSync(join(tmpdir(), 'fonts-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every letter a language's public pages use: their messages (not the staff panel's) and the statement. */
function lettersOf(lang: string): Set<number> {
	const messages = messagesFor(JSON.parse(readFileSync(`src/lib/i18n/locales/${lang}.json`, 'utf8')), 'public');
	// The statement without the issued document's letterhead (its first block), which pages do not show.
	const statement = readFileSync(`src/lib/server/seed/mine-contaminated-areas/${lang}.txt`, 'utf8').trim().split(/\n[ \t]*\n/).slice(1);
	const texts = [JSON.stringify(messages), ...statement];
	return new Set([...texts.join('')].map((c) => c.codePointAt(0)!).filter((c) => c >= 0x20));
}

describe('the web fonts made at build time (scripts/fonts.js)', () => {
	it('reads and writes unicode ranges', () => {
		expect([...expand('U+0041-0043,U+0259')]).toEqual([0x41, 0x42, 0x43, 0x259]);
		expect(compress([0x259, 0x41, 0x42, 0x43, 0x131])).toBe('U+0041-0043,U+0131,U+0259');
		// Latin Extended gives Azerbaijani's letters to a file of their own; the ranges do not overlap.
		const files = plan({ 'latin-ext': 'U+0100-02BA', latin: 'U+0000-00FF,U+0131' });
		const ext = files.find(([name]) => name === 'latin-ext')![2];
		const az = files.find(([name]) => name === 'az')![2];
		expect([...az].sort()).toEqual([...AZ_TR].sort());
		expect(AZ_TR.some((c) => ext.has(c))).toBe(false);
	});

	it('set every letter of each language\'s pages, and the switcher\'s names, with the files its pages preload, under 120 KB a page (200 KB in Cyrillic)', async () => {
		const sizes = await makeFonts(out);
		const css = readFileSync(join(out, 'fonts.css'), 'utf8');
		const faces = [...css.matchAll(/font-family: '([^']+)';[^}]*src: url\('\.\/([^']+)'\)[^}]*unicode-range: ([^;]+);/g)].map((m) => ({ family: m[1], file: m[2], range: expand(m[3]) }));
		expect(faces).toHaveLength(Object.keys(sizes).length);
		const preload: Record<string, string[]> = JSON.parse(readFileSync(join(out, 'preload.json'), 'utf8'));
		const names = new Set([...LOCALES.map((l) => LOCALE_NAMES[l]).join('')].map((c) => c.codePointAt(0)!));
		const setIn = (files: typeof faces, c: number, what: string) => {
			const face = files.find((f) => f.range.has(c));
			expect(face, `${what}: U+${c.toString(16)} ${String.fromCodePoint(c)}`).toBeDefined();
			expect((create(readFileSync(join(out, face!.file))) as Font).hasGlyphForCodePoint(c), `${face!.file} ${String.fromCodePoint(c)}`).toBe(true);
		};
		for (const lang of LOCALES) {
			const preloaded = faces.filter((f) => preload[lang].includes(f.file));
			for (const family of ['source-serif-4', 'source-sans-3']) {
				for (const c of lettersOf(lang)) setIn(preloaded.filter((f) => f.file.startsWith(family) && f.family !== NAMES_FAMILY), c, `${lang} ${family}`);
			}
			// The switcher asks for the names' family first, then the sans.
			for (const c of names) setIn(preloaded.filter((f) => f.family === NAMES_FAMILY || f.file.startsWith('source-sans-3')), c, `${lang} switcher`);
			// What a page in this language downloads at most: its preloaded files and the serif's italics of them (the addressee).
			const italics = preload[lang].filter((f) => f.startsWith('source-serif-4')).map((f) => f.replace('-normal', '-italic'));
			const total = [...preload[lang], ...italics].reduce((sum, f) => sum + sizes[f], 0);
			// Cyrillic letters come in bigger files than Latin ones: a Russian page may cost more.
			const cyrillic = preload[lang].some((f) => f.includes('-cyrillic-normal'));
			expect(total, `${lang}: ${preload[lang].join(', ')}`).toBeLessThan((cyrillic ? 200 : 120) * 1024);
		}
		// English, German, Azerbaijani, Turkish and French pages need no Cyrillic file of their own; Russian ones do.
		for (const lang of ['en', 'de', 'az', 'tr', 'fr']) expect(preload[lang].some((f) => f.includes('-cyrillic-normal')), lang).toBe(false);
		expect(preload.ru).toContain('source-serif-4-cyrillic-normal.woff2');
		// Cut to the weights the styles use.
		expect(css).not.toMatch(/font-weight: (?!400 700)/);
	});
});
