/**
 * QR codes of our own addresses (the sign page, the ledger), for paper: drawn into a PDF as squares
 * (the dossier, the poster) or written as SVG for a page's print-out.
 */
import QRCode from 'qrcode';

type Doc = PDFKit.PDFDocument;

/** A QR code of `text` in a white square of `side` points at (x, y), with its quiet zone. */
export function drawQrCode(doc: Doc, text: string, x: number, y: number, side: number): void {
	const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const n = code.modules.size;
	const cell = side / (n + 8);
	doc.save();
	doc.rect(x, y, side, side).fill('#ffffff');
	for (let row = 0; row < n; row++) {
		for (let col = 0; col < n; col++) {
			if (code.modules.get(row, col)) doc.rect(x + (col + 4) * cell, y + (row + 4) * cell, cell + 0.02, cell + 0.02);
		}
	}
	doc.fill('#000000');
	doc.restore();
}

/** The same as SVG markup, for a page (only our own addresses go in: the markup is ours). */
export function qrCodeSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
