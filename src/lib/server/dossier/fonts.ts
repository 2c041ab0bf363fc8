/**
 * The site's typefaces for the dossier, as the complete TrueType files (every Latin letter with
 * Azerbaijani's ə, ğ, ı, İ, Turkish and German, Cyrillic and Greek), and Noto Sans for the names
 * signers write in Arabic, Hebrew, Georgian or Armenian script. PDFKit embeds only the glyphs a
 * document uses.
 */
import { createRequire } from 'node:module';
import { openSync, type Font } from 'fontkit';

const require = createRequire(import.meta.url);

const file = (family: 'source-serif-4' | 'source-sans-3', style: string) => {
	const prefix = family === 'source-serif-4' ? 'SourceSerif4' : 'SourceSans3';
	return require.resolve(`@expo-google-fonts/${family}/${style}/${prefix}_${style}.ttf`);
};

const noto = (script: string, prefix: string) => () => require.resolve(`@expo-google-fonts/noto-sans-${script}/400Regular/${prefix}_400Regular.ttf`);

export const DOSSIER_FONTS = {
	serif: () => file('source-serif-4', '400Regular'),
	serifItalic: () => file('source-serif-4', '400Regular_Italic'),
	serifBold: () => file('source-serif-4', '600SemiBold'),
	sans: () => file('source-sans-3', '400Regular'),
	sansItalic: () => file('source-sans-3', '400Regular_Italic'),
	sansBold: () => file('source-sans-3', '600SemiBold'),
	arabic: noto('arabic', 'NotoSansArabic'),
	hebrew: noto('hebrew', 'NotoSansHebrew'),
	georgian: noto('georgian', 'NotoSansGeorgian'),
	armenian: noto('armenian', 'NotoSansArmenian')
} as const;

export type DossierFont = keyof typeof DOSSIER_FONTS;

/** The fonts a name falls back to, in this order, when the site's font has no letter for it. */
const FALLBACKS = ['arabic', 'hebrew', 'georgian', 'armenian'] as const satisfies readonly DossierFont[];

/** Letters every one of the site's fonts has: most names are only these, and are not looked at closer. */
const PLAIN = /^[\u0020-\u024f\u0259\u0300-\u036f\u0400-\u04ff\u1e00-\u1eff\u2010-\u2027]*$/;

const opened = new Map<DossierFont, Font>();
const open = (name: DossierFont) => {
	let found = opened.get(name);
	if (!found) opened.set(name, (found = openSync(DOSSIER_FONTS[name]()) as Font));
	return found;
};

/** How many of the text's letters the font has (spaces and marks of punctuation count as had). */
function covered(name: DossierFont, text: string): number {
	const font = open(name);
	let had = 0;
	for (const char of text) if (/\s/.test(char) || font.hasGlyphForCodePoint(char.codePointAt(0)!)) had += 1;
	return had;
}

/**
 * The font to print a signer's text in: `preferred` when it has every letter, else the fallback
 * that has the most of them (a name in Arabic script in Noto Sans Arabic). A text no font has
 * entirely (Chinese, say) is printed in the one that has most of it.
 */
export function fontFor(text: string, preferred: DossierFont): DossierFont {
	if (PLAIN.test(text)) return preferred;
	const length = [...text].length;
	let best: DossierFont = preferred;
	let most = covered(preferred, text);
	for (const name of FALLBACKS) {
		if (most === length) break;
		const had = covered(name, text);
		if (had > most) [best, most] = [name, had];
	}
	return best;
}

/**
 * A name in a right-to-left script as PDFKit must be given it: its words in the order they stand on
 * the page, joined by no-break spaces (fontkit shapes and turns each word; given the words in their
 * written order it turns the whole line and loses the spaces between them).
 */
export function inPrintOrder(text: string, font: DossierFont): string {
	return font === 'arabic' || font === 'hebrew' ? text.trim().split(/\s+/).reverse().join('\u00a0') : text;
}
