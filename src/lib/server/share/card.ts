/**
 * The picture a shared link shows (Open Graph and Twitter cards): 1200 × 630, the issuer, the
 * statement's title and the live count, in the page's language. satori lays it out and turns the
 * letters into outlines with the site's typefaces (the dossier's TrueType files: Azerbaijani,
 * Turkish and Cyrillic letters), sharp makes the PNG. Nothing is fetched from anywhere.
 */
import { readFileSync } from 'node:fs';
import satori from 'satori';
import sharp from 'sharp';
import { DOSSIER_FONTS } from '../dossier/fonts';

/** sharp keeps no cache of its own here (nothing is read twice); the dossier does the same. */
sharp.cache(false);

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export type CardText = {
	issuer: string;
	title: string;
	/** The count written out ("12,345"), or null while there is none. */
	figure: string | null;
	/** The words beside it ("signatures", "No signatures yet"). */
	words: string;
	/** A call to sign and where ("Sign at example.org"). */
	call: string;
};

const PAPER = '#fbfaf7';
const INK = '#1c1d21';
const MUTED = '#4a4d55';
const ACCENT = '#1d4a6b';
const RULE = '#d9d4c8';

type Font = { name: string; data: Buffer; weight: 400 | 600; style: 'normal' };
let fonts: Font[] | null = null;

function loadFonts(): Font[] {
	fonts ??= [
		{ name: 'Serif', data: readFileSync(DOSSIER_FONTS.serifBold()), weight: 600, style: 'normal' },
		{ name: 'Sans', data: readFileSync(DOSSIER_FONTS.sans()), weight: 400, style: 'normal' },
		{ name: 'Sans', data: readFileSync(DOSSIER_FONTS.sansBold()), weight: 600, style: 'normal' }
	];
	return fonts;
}

type Node = { type: string; props: { style?: Record<string, string | number>; children?: (Node | string)[] | Node | string } };
const div = (style: Record<string, string | number>, ...children: (Node | string)[]): Node => ({ type: 'div', props: { style, children } });

/** A long title (Russian runs a third longer than English) is set smaller, and never more than four lines. */
function titleSize(title: string): number {
	return title.length > 150 ? 44 : title.length > 100 ? 50 : 58;
}

export async function renderCard(card: CardText): Promise<Buffer> {
	const tree = div(
		{ width: '100%', height: '100%', display: 'flex', backgroundColor: PAPER, fontFamily: 'Sans', color: INK },
		div({ width: 18, height: '100%', backgroundColor: ACCENT }),
		div(
			{ flex: 1, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: '56px 72px 52px 64px' },
			div({ display: 'flex', fontSize: 30, fontWeight: 600, color: ACCENT }, card.issuer),
			div(
				{ display: 'block', fontFamily: 'Serif', fontWeight: 600, fontSize: titleSize(card.title), lineHeight: 1.18, lineClamp: 4 },
				card.title
			),
			div(
				{ display: 'flex', alignItems: 'flex-end', justifyContent: 'space-between', borderTop: `2px solid ${RULE}`, paddingTop: 28 },
				div(
					{ display: 'flex', alignItems: 'baseline' },
					...(card.figure ? [div({ fontSize: 76, fontWeight: 600, color: ACCENT, marginRight: 18, lineHeight: 1 }, card.figure)] : []),
					div({ fontSize: 34, color: card.figure ? MUTED : ACCENT, fontWeight: card.figure ? 400 : 600 }, card.words)
				),
				div({ fontSize: 28, color: MUTED, textAlign: 'right', maxWidth: 460 }, card.call)
			)
		)
	);
	const svg = await satori(tree as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: loadFonts() });
	return sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: false }).toBuffer();
}
