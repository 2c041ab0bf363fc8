// The site's web fonts, made at build time (a Vite plugin, webFonts() below, runs this before every
// build and the dev server; `node scripts/fonts.js` alone also works) from the
// variable fonts fontsource ships: every file limited to the weights the styles use (400–700), and
// split by unicode-range so that a browser downloads only what a page's letters need. A German or
// English page needs the Latin file; an Azerbaijani or Turkish one also a small file with ə, ğ, İ, ş
// (cut out of Latin Extended, whose rest is loaded only for a name that needs it); Cyrillic, Greek
// and Vietnamese files only when such letters appear. Writes src/lib/styles/fonts/ (not in git).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
export const OUT = fileURLToPath(new URL('../src/lib/styles/fonts/', import.meta.url));

/** The weights the styles use: the variable fonts' weight axis is cut to this range. */
const WEIGHTS = { min: 400, max: 700 };

/** Letters of Azerbaijani and Turkish outside Latin-1 (ı is in fontsource's Latin file already). */
export const AZ_TR = [0x011e, 0x011f, 0x0130, 0x015e, 0x015f, 0x018f, 0x0259];

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
	const az = new Set(AZ_TR);
	return Object.entries(subsets).flatMap(([subset, ranges]) => {
		const points = expand(ranges);
		if (subset !== 'latin-ext') return [/** @type {[string, string, Set<number>]} */ ([subset, subset, points])];
		return [
			/** @type {[string, string, Set<number>]} */ (['latin-ext', subset, new Set([...points].filter((c) => !az.has(c)))]),
			/** @type {[string, string, Set<number>]} */ (['az', subset, az])
		];
	});
}

/** Makes every file and the style sheet that declares them; returns the files' sizes. */
export async function makeFonts(out = OUT) {
	mkdirSync(out, { recursive: true });
	const css = [];
	/** @type {Record<string, number>} */
	const sizes = {};
	for (const face of FACES) {
		const dir = dirname(require.resolve(`${face.pkg}/package.json`));
		const subsets = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8'));
		for (const [name, subset, points] of plan(subsets)) {
			const source = join(dir, 'files', `${face.file}-${subset}-${face.axes}-${face.style}.woff2`);
			/** @type {Record<string, number | { min: number; max: number }>} */
			const axes = face.axes === 'opsz' ? { wght: WEIGHTS, opsz: OPTICAL_SIZE } : { wght: WEIGHTS };
			const font = await subsetFont(readFileSync(source), String.fromCodePoint(...points), { targetFormat: 'woff2', variationAxes: axes });
			const file = `${face.file}-${name}-${face.style}.woff2`;
			writeFileSync(join(out, file), font);
			sizes[file] = font.byteLength;
			css.push(
				`@font-face {\n\tfont-family: '${face.family}';\n\tfont-style: ${face.style};\n\tfont-display: swap;\n\tfont-weight: ${WEIGHTS.min} ${WEIGHTS.max};\n\tsrc: url('./${file}') format('woff2');\n\tunicode-range: ${compress(points)};\n}`
			);
		}
	}
	writeFileSync(join(out, 'fonts.css'), `/* Made by scripts/fonts.js at build time: do not edit. */\n${css.join('\n')}\n`);
	return sizes;
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
