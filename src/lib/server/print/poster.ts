/**
 * A one-page A4 poster of a statement in one language, for events and community centres: who
 * issues it, its title, a short call to sign, a QR code of the sign page in that language with the
 * address written out, and the association's address. Set in the site's typefaces (the dossier's
 * complete TrueType files: Azerbaijani, Turkish, Cyrillic letters).
 */
import { once } from 'node:events';
import PDFDocument from 'pdfkit';
import { DOSSIER_FONTS } from '../dossier/fonts';
import { drawQrCode } from './qr';

export type PosterText = {
	lang: string;
	issuer: string;
	title: string;
	call: string;
	text: string;
	scan: string;
	signUrl: string;
	footer: string;
};

const MARGIN = 56;
const INK = '#1c1d21';
const MUTED = '#4a4d55';
const ACCENT = '#1d4a6b';

export async function renderPoster(poster: PosterText): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		lang: poster.lang,
		info: { Title: poster.title, Author: poster.issuer, Subject: poster.call, Creator: 'Undersigned' }
	});
	const parts: Buffer[] = [];
	doc.on('data', (part: Buffer) => parts.push(part));
	for (const name of ['serif', 'serifBold', 'sans', 'sansBold'] as const) doc.registerFont(name, DOSSIER_FONTS[name]());
	const width = doc.page.width - 2 * MARGIN;

	doc.rect(0, 0, doc.page.width, 10).fill(ACCENT);
	doc.font('sansBold').fontSize(11).fillColor(ACCENT).text(poster.issuer.toUpperCase(), MARGIN, MARGIN, { width, characterSpacing: 1.2 });
	doc.moveDown(1.2);
	doc.font('serifBold').fontSize(poster.title.length > 90 ? 26 : 30).fillColor(INK).text(poster.title, { width, lineGap: 2 });
	doc.moveDown(0.8);
	doc.font('sansBold').fontSize(22).fillColor(ACCENT).text(poster.call, { width });
	doc.moveDown(0.4);
	doc.font('serif').fontSize(13).fillColor(INK).text(poster.text, { width, lineGap: 2 });

	// The code as large as the page allows below the text, centred, with its address under it.
	const footerTop = doc.page.height - MARGIN - 30;
	const side = Math.min(250, footerTop - doc.y - 70);
	const top = doc.y + 24;
	drawQrCode(doc, poster.signUrl, (doc.page.width - side) / 2, top, side);
	doc.font('sans').fontSize(11).fillColor(MUTED).text(poster.scan, MARGIN, top + side + 8, { width, align: 'center' });
	doc.font('sansBold').fontSize(12).fillColor(INK).text(poster.signUrl, { width, align: 'center' });

	doc.font('sans').fontSize(9.5).fillColor(MUTED).text(poster.footer, MARGIN, footerTop, { width, align: 'center', lineBreak: true });
	doc.end();
	await once(doc, 'end');
	return Buffer.concat(parts);
}
