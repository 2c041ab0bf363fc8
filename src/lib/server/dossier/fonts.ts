/**
 * The site's typefaces for the dossier, as the complete TrueType files (every Latin letter with
 * Azerbaijani's ə, ğ, ı, İ, Turkish and German, and Cyrillic). PDFKit embeds only the glyphs a
 * document uses.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const file = (family: 'source-serif-4' | 'source-sans-3', style: string) => {
	const prefix = family === 'source-serif-4' ? 'SourceSerif4' : 'SourceSans3';
	return require.resolve(`@expo-google-fonts/${family}/${style}/${prefix}_${style}.ttf`);
};

export const DOSSIER_FONTS = {
	serif: () => file('source-serif-4', '400Regular'),
	serifItalic: () => file('source-serif-4', '400Regular_Italic'),
	serifBold: () => file('source-serif-4', '600SemiBold'),
	sans: () => file('source-sans-3', '400Regular'),
	sansItalic: () => file('source-sans-3', '400Regular_Italic'),
	sansBold: () => file('source-sans-3', '600SemiBold')
} as const;

export type DossierFont = keyof typeof DOSSIER_FONTS;
