// The site's web fonts, made at build time (a Vite plugin, webFonts() below, runs this before every
// build and the dev server; `node scripts/fonts.js` alone also works) from the
// variable fonts fontsource ships: every file limited to the weights the styles use (400–700), and
// split by unicode-range so that a browser downloads only what a page's letters need. A German or
// English page needs the Latin file; an Azerbaijani or Turkish one also a small file with ə, ğ, İ, ş
// (cut out of Latin Extended, whose rest is loaded only for a name that needs it); Cyrillic, Greek
// and Vietnamese files only when such letters appear. Writes src/lib/styles/fonts/ (not in git).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';
import languages from '../src/lib/i18n/languages.json' with { type: 'json' };
import { messagesFor } from './client-messages.js';

const require = createRequire(import.meta.url);
export const OUT = fileURLToPath(new URL('../src/lib/styles/fonts/', import.meta.url));

/** The weights the styles use: the variable fonts' weight axis is cut to this range. */
const WEIGHTS = { min: 400, max: 700 };

/** Letters of Azerbaijani and Turkish outside Latin-1 (ı is in fontsource's Latin file already). */
export const AZ_TR = [0x011e, 0x011f, 0x0130, 0x015e, 0x015f, 0x018f, 0x0259];

/**
 * The letters of the language switcher's names ("Русский"), which every page shows. Outside Latin they
 * get small files of their own in a family the switcher asks for first (global.css), so that an
 * English page does not load all of Cyrillic for one word; Latin Extended's go to the "az" file.
 */
export const NAMES_FAMILY = 'Language Names';
const NAME_LETTERS = new Set([...Object.values(languages).map((l) => l.name).join('')].map((c) => /** @type {number} */ (c.codePointAt(0))));

/**
 * The serif's optical size, fixed at the body text's (17–19 px): the reading text looks as it did
 * with the axis free, at half the bytes (headings get the text cut, a little less contrast).
 */
const OPTICAL_SIZE = 18;

/** The faces: each family and style the styles use, with the family name the CSS asks for and the axes of the files used. */
const FACES = [
	{ pkg: '@fontsource-variable/source-serif-4', file: 'source-serif-4', family: 'Source Serif 4 Variable', style: 'normal', axes: 'opsz' },
	{ pkg: '@fontsource-variable/source-serif-4', file: 'source-serif-4', family: 'Source Serif 4 Variable', style: 'italic', axes: 'opsz' },
	{ pkg: '@fontsource-variable/source-sans-3', file: 'source-sans-3', family: 'Source Sans 3 Variable', style: 'normal', axes: 'wght' }
];

/** "U+0100-02BA,U+0304" → the code points it names. @param {string} ranges */
export function expand(ranges) {
	const points = new Set();
	for (const part of ranges.split(',')) {
		const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-');
		for (let c = parseInt(from, 16); c <= parseInt(to, 16); c++) points.add(c);
	}
	return points;
}

/** Code points → the shortest unicode-range for them. @param {Iterable<number>} points */
export function compress(points) {
	const sorted = [...new Set(points)].sort((a, b) => a - b);
	const parts = [];
	for (let i = 0; i < sorted.length; i++) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
		const hex = (/** @type {number} */ c) => c.toString(16).toUpperCase().padStart(4, '0');
		parts.push(j > i ? `U+${hex(sorted[i])}-${hex(sorted[j])}` : `U+${hex(sorted[i])}`);
		i = j;
	}
	return parts.join(',');
}

/**
 * The files to make for a face: [name, source subset, code points], in the order the CSS declares
 * them. The Latin Extended file gives up Azerbaijani's letters to a small file of their own.
 * @param {Record<string, string>} subsets fontsource's unicode.json
 * @returns {[string, string, Set<number>][]}
 */
export function plan(subsets) {
	const extended = expand(subsets['latin-ext'] ?? '');
	const az = new Set([...AZ_TR, ...[...NAME_LETTERS].filter((c) => extended.has(c))]);
	return Object.entries(subsets).flatMap(([subset, ranges]) => {
		const points = expand(ranges);
		if (subset !== 'latin-ext') return [/** @type {[string, string, Set<number>]} */ ([subset, subset, points])];
		return [
			/** @type {[string, string, Set<number>]} */ (['latin-ext', subset, new Set([...points].filter((c) => !az.has(c)))]),
			/** @type {[string, string, Set<number>]} */ (['az', subset, az])
		];
	});
}

/**
 * The switcher's files: per script other than Latin, the letters of the languages' names in it.
 * @param {Record<string, string>} subsets
 * @returns {[string, string, Set<number>][]}
 */
export function namesPlan(subsets) {
	return Object.entries(subsets).flatMap(([subset, ranges]) => {
		if (subset === 'latin' || subset === 'latin-ext') return [];
		const points = new Set([...expand(ranges)].filter((c) => NAME_LETTERS.has(c)));
		return points.size ? [/** @type {[string, string, Set<number>]} */ ([`${subset}-names`, subset, points])] : [];
	});
}

/** Every letter a language's public pages use: their messages (not the staff panel's) and its statements' texts. @param {string} lang */
function lettersOf(lang) {
	const seed = fileURLToPath(new URL('../src/lib/server/seed/', import.meta.url));
	const messages = JSON.parse(readFileSync(fileURLToPath(new URL(`../src/lib/i18n/locales/${lang}.json`, import.meta.url)), 'utf8'));
	const texts = [JSON.stringify(messagesFor(messages, 'public'))];
	for (const dir of readdirSync(seed, { withFileTypes: true })) {
		// The file's first block is the letterhead of the issued document, which pages do not show.
		const file = join(seed, dir.name, `${lang}.txt`);
		if (dir.isDirectory() && existsSync(file)) texts.push(readFileSync(file, 'utf8').trim().split(/\n[ \t]*\n/).slice(1).join('\n'));
	}
	return new Set([...texts.join('')].map((c) => /** @type {number} */ (c.codePointAt(0))).filter((c) => c >= 0x20));
}

/** Makes every file and the style sheet that declares them; returns the files' sizes. */
export async function makeFonts(out = OUT) {
	mkdirSync(out, { recursive: true });
	const css = [];
	/** @type {Record<string, number>} */
	const sizes = {};
	/** The upright files and their letters, for the preloads. @type {{ file: string; sans: boolean; names: boolean; points: Set<number> }[]} */
	const upright = [];
	for (const face of FACES) {
		const dir = dirname(require.resolve(`${face.pkg}/package.json`));
		const subsets = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8'));
		const names = face.style === 'normal' && face.file === 'source-sans-3' ? namesPlan(subsets) : [];
		for (const [name, subset, points] of [...plan(subsets), ...names]) {
			const family = name.endsWith('-names') ? NAMES_FAMILY : face.family;
			const source = join(dir, 'files', `${face.file}-${subset}-${face.axes}-${face.style}.woff2`);
			/** @type {Record<string, number | { min: number; max: number }>} */
			const axes = face.axes === 'opsz' ? { wght: WEIGHTS, opsz: OPTICAL_SIZE } : { wght: WEIGHTS };
			const font = await subsetFont(readFileSync(source), String.fromCodePoint(...points), { targetFormat: 'woff2', variationAxes: axes });
			const file = `${face.file}-${name}-${face.style}.woff2`;
			writeFileSync(join(out, file), font);
			sizes[file] = font.byteLength;
			if (face.style === 'normal') upright.push({ file, sans: face.file === 'source-sans-3', names: family === NAMES_FAMILY, points });
			css.push(
				`@font-face {\n\tfont-family: '${family}';\n\tfont-style: ${face.style};\n\tfont-display: swap;\n\tfont-weight: ${WEIGHTS.min} ${WEIGHTS.max};\n\tsrc: url('./${file}') format('woff2');\n\tunicode-range: ${compress(points)};\n}`
			);
		}
	}
	writeFileSync(join(out, 'fonts.css'), `/* Made by scripts/fonts.js at build time: do not edit. */\n${css.join('\n')}\n`);
	writeFileSync(join(out, 'preload.json'), JSON.stringify(preloads(upright), null, '\t') + '\n');
	return sizes;
}

/**
 * The files each language's pages preload (routes/+layout.svelte): the upright files its own letters
 * need, and the sans files of the switcher's names. Italics and rare scripts load when used.
 * @param {{ file: string; sans: boolean; names: boolean; points: Set<number> }[]} upright
 * @returns {Record<string, string[]>}
 */
function preloads(upright) {
	// A letter two files cover (fontsource's Latin and Latin Extended both have ı) is the Latin file's.
	const ordered = [...upright].sort((a, b) => Number(b.file.includes('-latin-normal')) - Number(a.file.includes('-latin-normal')));
	/** The files that set these letters in the sans or the serif, or in the switcher's family. @param {Set<number>} letters @param {(f: typeof upright[number]) => boolean} among */
	const filesFor = (letters, among) => {
		const used = new Set();
		for (const sans of [true, false]) {
			for (const c of letters) {
				const file = ordered.find((f) => f.sans === sans && among(f) && f.points.has(c));
				if (file) used.add(file.file);
			}
		}
		return used;
	};
	return Object.fromEntries(
		Object.keys(languages).map((lang) => {
			// The switcher's names: from their own files first (global.css asks for that family first), then the sans.
			const named = new Set([...NAME_LETTERS].filter((c) => upright.some((f) => f.names && f.points.has(c))));
			const rest = new Set([...NAME_LETTERS].filter((c) => !named.has(c)));
			const used = new Set([...filesFor(lettersOf(lang), (f) => !f.names), ...filesFor(named, (f) => f.names), ...filesFor(rest, (f) => f.sans && !f.names)]);
			return [lang, upright.filter((f) => used.has(f.file)).map((f) => f.file)];
		})
	);
}

/** @type {Promise<Record<string, number>> | null} */
let made = null;

/**
 * The Vite plugin (vite.config.ts) that makes the fonts before a build or the dev server starts:
 * once per process (Kit builds the server and the browser's files one after the other).
 * @returns {import('vite').Plugin}
 */
export function webFonts() {
	return {
		name: 'undersigned:web-fonts',
		// Vitest has no use for them (tests/unit/fonts.test.ts makes its own).
		apply: (_config, env) => env.mode !== 'test',
		async buildStart() {
			made ??= makeFonts();
			await made;
		}
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const started = performance.now();
	const sizes = await makeFonts();
	const total = Object.values(sizes).reduce((a, b) => a + b, 0);
	console.log(`[fonts] ${Object.keys(sizes).length} files, ${Math.round(total / 1024)} KB in all, in ${Math.round(performance.now() - started)} ms`);
}
