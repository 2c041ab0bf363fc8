import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create, type Font } from 'fontkit';
import { AZ_TR, compress, expand, makeFonts, plan } from '../../scripts/fonts.js';
import { LOCALES } from '$lib/i18n/locales';

const out = mkdtempSync(join(tmpdir(), 'fonts-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every letter the site's own words use: its messages and the statement in each language. */
function lettersOfTheSite(): Set<number> {
	const texts = LOCALES.flatMap((l) => [
		readFileSync(`src/lib/i18n/locales/${l}.json`, 'utf8'),
		readFileSync(`src/lib/server/seed/mine-contaminated-areas/${l}.txt`, 'utf8')
	]);
	// № heads a column of the staff panel's dossier table in Azerbaijani: there, the Cyrillic file (18 KB) is loaded for it.
	return new Set([...texts.join('')].map((c) => c.codePointAt(0)!).filter((c) => c >= 0x20 && c !== 0x2116));
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

	it('set every letter of the site in English, German and Azerbaijani with the Latin and Azerbaijani files alone, under 120 KB a page', async () => {
		const sizes = await makeFonts(out);
		const css = readFileSync(join(out, 'fonts.css'), 'utf8');
		const faces = [...css.matchAll(/src: url\('\.\/([^']+)'\)[^}]*unicode-range: ([^;]+);/g)].map((m) => ({ file: m[1], range: expand(m[2]) }));
		expect(faces).toHaveLength(Object.keys(sizes).length);
		const letters = lettersOfTheSite();
		for (const family of ['source-serif-4', 'source-sans-3']) {
			const first = faces.filter((f) => f.file === `${family}-latin-normal.woff2` || f.file === `${family}-az-normal.woff2`);
			for (const c of letters) {
				const face = first.find((f) => f.range.has(c));
				expect(face, `${family} U+${c.toString(16)} ${String.fromCodePoint(c)}`).toBeDefined();
				expect((create(readFileSync(join(out, face!.file))) as Font).hasGlyphForCodePoint(c), `${face!.file} ${String.fromCodePoint(c)}`).toBe(true);
			}
		}
		// A page in Azerbaijani with italic text: serif normal and italic, sans, each Latin and Azerbaijani.
		const page = ['source-serif-4-latin-normal', 'source-serif-4-latin-italic', 'source-sans-3-latin-normal', 'source-serif-4-az-normal', 'source-serif-4-az-italic', 'source-sans-3-az-normal'];
		expect(page.reduce((sum, name) => sum + sizes[`${name}.woff2`], 0)).toBeLessThan(120 * 1024);
		// Cut to the weights the styles use.
		expect(css).not.toMatch(/font-weight: (?!400 700)/);
	});
});
