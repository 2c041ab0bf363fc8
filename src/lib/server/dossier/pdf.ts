/**
 * The dossier's PDF, typeset with PDFKit: cover, the statement's texts with the signature block,
 * how the signatures were collected and checked, counts by country, signatures over time, the
 * organizations, the public signatories by country, and the signed head it corresponds to.
 *
 * Written as it goes: a page is written out when the next begins (PDFKit without page buffering),
 * and the writer waits for the file to take it every few thousand names, so a million names need
 * little memory. The same facts give the same bytes (the dates in the file are the head's).
 */
import { niceCeiling } from '$lib/chart';
import PDFDocument from 'pdfkit';
import { drawQrCode } from '../print/qr';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { marked, type Token, type Tokens } from 'marked';
import { LOCALE_NAMES, type Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';
import { getCountryName } from '$lib/server/countries';
import { SIGNATURE_REASONS } from '$lib/validation/choices';
import { DOSSIER_FONTS, fontFor, inPrintOrder, type DossierFont } from './fonts';
import { WORDS } from './words';
import type { DossierFacts, NamedSignatory } from './facts';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 64, left: 62, right: 62 };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const INK = '#1d1d1b';
const MUTED = '#5a5a55';
const ACCENT = '#1f4e79';
const RULE = '#c9c9c2';

/** Names a column, and their columns a page, in the list of signatories. */
const LIST = { columns: 3, gap: 14, size: 7.6, line: 10.2 };
const COLUMN_WIDTH = (WIDTH - LIST.gap * (LIST.columns - 1)) / LIST.columns;
/** The list lets the file take what it wrote after this many names. */
const FLUSH_EVERY = 4000;

export type DossierPdfInput = {
	facts: DossierFacts;
	/** The site's address, for the links printed (ledger page, data files). */
	origin: string;
	publicKeyHex: string;
	data: { csvSha256: string; jsonSha256: string; csvUrl: string; jsonUrl: string };
	/** The public signatories in country and name order, or null for a dossier without the list. */
	signatories: Iterable<NamedSignatory> | null;
	/** An organization's logo by its key. */
	logoOf: (hash: string) => Buffer | null;
	/** Called with 0–1 while the list is typeset. */
	onProgress?: (fraction: number) => void;
};

const number = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, other: string) => `${number(n)} ${n === 1 ? one : other}`;
const longDate = (at: Date) => at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longTime = (at: Date) => `${longDate(at)}, ${at.toISOString().slice(11, 16)} UTC`;
const countryName = (code: string) => getCountryName(code, 'en');

/** Every country code, in the order of their English names: the list groups signatories in this order. */
export function countryOrder(codes: Iterable<string>): string[] {
	const collator = new Intl.Collator('en');
	return [...new Set(codes)].sort((a, b) => collator.compare(countryName(a), countryName(b)));
}

export async function writeDossierPdf(input: DossierPdfInput, file: string): Promise<{ pages: number; named: number }> {
	const { facts } = input;
	const authoritative = facts.texts[0];
	const doc = new PDFDocument({
		size: 'A4',
		margins: MARGIN,
		autoFirstPage: false,
		bufferPages: false,
		lang: 'en',
		displayTitle: true,
		info: {
			Title: `${authoritative.title}: dossier`,
			Author: authoritative.issuerName,
			Subject: `Signatures and endorsements as recorded in the public ledger, ${longTime(facts.head.signedAt)}`,
			Creator: 'Undersigned',
			Producer: 'Undersigned (PDFKit)',
			CreationDate: facts.head.signedAt,
			ModDate: facts.head.signedAt
		}
	});
	const out = createWriteStream(file, { mode: 0o600 });
	doc.pipe(out);
	for (const [name, path] of Object.entries(DOSSIER_FONTS)) doc.registerFont(name, path());

	let pages = 0;
	doc.on('pageAdded', () => {
		pages += 1;
		if (pages > 1) footer(doc, pages, authoritative.title);
	});

	await cover(doc, input);
	statementTexts(doc, facts);
	method(doc, facts);
	countries(doc, facts);
	timeline(doc, facts);
	await organizations(doc, facts, input.logoOf);
	const named = input.signatories ? await signatories(doc, facts, input.signatories, input.onProgress) : 0;
	await headPage(doc, input);

	doc.end();
	await once(out, 'finish');
	return { pages, named };
}

function font(doc: Doc, name: DossierFont, size: number, color = INK): Doc {
	return doc.font(name).fontSize(size).fillColor(color);
}

function footer(doc: Doc, page: number, title: string): void {
	// A footer can come in the middle of a paragraph that runs onto the new page: the paragraph
	// goes on where and as it was (PDFKit keeps the current font, size and colour in these fields).
	const state = doc as unknown as { x: number; y: number; _font: unknown; _fontSize: number; _fillColor: [string, number] };
	const { x, y, _font, _fontSize, _fillColor } = state;
	font(doc, 'sans', 7.5, MUTED);
	const text = `${title} · ${page}`;
	// Placed by hand: text in the bottom margin must not start a new page (and so another footer).
	doc.text(text, MARGIN.left + Math.max(0, (WIDTH - doc.widthOfString(text)) / 2), PAGE.height - 40, { lineBreak: false });
	state._font = _font;
	doc.fontSize(_fontSize).fillColor(_fillColor[0], _fillColor[1]);
	doc.x = x;
	doc.y = y;
}

/** A new page, with the running position at its top. */
function newPage(doc: Doc): void {
	doc.addPage({ size: 'A4', margins: MARGIN });
	doc.x = MARGIN.left;
	doc.y = MARGIN.top;
}

/** Begins a new page unless `height` points still fit on this one. */
function keepTogether(doc: Doc, height: number): void {
	if (doc.y + height > BOTTOM) newPage(doc);
}

function sectionTitle(doc: Doc, text: string): void {
	newPage(doc);
	font(doc, 'sansBold', 9, ACCENT).text(WORDS.kicker().toUpperCase(), { characterSpacing: 1.2 });
	doc.moveDown(0.3);
	font(doc, 'serifBold', 20).text(text);
	doc.moveDown(0.8);
}

function paragraph(doc: Doc, text: string, options: PDFKit.Mixins.TextOptions = {}): void {
	font(doc, 'serif', 10.5).text(text, { align: 'left', lineGap: 2.2, paragraphGap: 7, ...options });
}

async function cover(doc: Doc, input: DossierPdfInput): Promise<void> {
	const { facts } = input;
	const text = facts.texts[0];
	const counts = facts.head.counts;
	newPage(doc);
	doc.rect(0, 0, PAGE.width, 10).fill(ACCENT);
	doc.y = 120;
	font(doc, 'sansBold', 10, ACCENT).text(text.issuerName.toUpperCase(), MARGIN.left, doc.y, { width: WIDTH, characterSpacing: 1 });
	doc.moveDown(1.4);
	font(doc, 'serifBold', 26).text(text.title, { width: WIDTH, lineGap: 2 });
	if (text.addressee) {
		doc.moveDown(0.8);
		font(doc, 'serifItalic', 13, MUTED).text(text.addressee, { width: WIDTH });
	}
	doc.moveDown(2.5);
	const countries = Object.values(counts.countries).filter((c) => c.signatures > 0).length;
	font(doc, 'serifBold', 40, ACCENT).text(number(counts.signatures), { width: WIDTH, lineBreak: false });
	font(doc, 'sans', 13).text(WORDS.coverSignatures({ count: counts.signatures, countries }), { width: WIDTH });
	doc.moveDown(0.6);
	font(doc, 'serifBold', 24, ACCENT).text(number(counts.organizations), { width: WIDTH, lineBreak: false });
	font(doc, 'sans', 13).text(WORDS.coverOrganizations({ count: counts.organizations }), { width: WIDTH });
	doc.moveDown(1.2);
	font(doc, 'sans', 10.5, MUTED).text(WORDS.coverAsOf({ time: longTime(facts.head.signedAt), size: facts.head.treeSize }), { width: WIDTH, lineGap: 2 });

	// At the foot of the cover: the address where anyone can check the count, as text and as a QR code.
	const ledger = ledgerUrl(input);
	const qrSide = 78;
	const footY = PAGE.height - MARGIN.bottom - qrSide;
	drawQrCode(doc, ledger, MARGIN.left, footY, qrSide);
	font(doc, 'sansBold', 9.5).text(WORDS.coverCheck(), MARGIN.left + qrSide + 14, footY + 4, { width: WIDTH - qrSide - 14 });
	font(doc, 'sans', 9, MUTED).text(ledger, { width: WIDTH - qrSide - 14, link: ledger });
	font(doc, 'sans', 9, MUTED).text(`${WORDS.fingerprint()} ${facts.head.key}`, { width: WIDTH - qrSide - 14 });
	font(doc, 'sans', 9, MUTED).text(`${text.issuedPlace} · ${longDate(facts.head.signedAt)}`, { width: WIDTH - qrSide - 14 });
}

function ledgerUrl(input: DossierPdfInput): string {
	return `${input.origin}/en/statements/${input.facts.slug}/ledger`;
}

/** Inline Markdown (bold, italic) as runs of text in the right fonts. */
function inlineRuns(tokens: Token[] | undefined, raw: string, bold = false, italic = false): { text: string; font: DossierFont }[] {
	if (!tokens) return [{ text: raw, font: bold ? 'serifBold' : italic ? 'serifItalic' : 'serif' }];
	return tokens.flatMap((t): { text: string; font: DossierFont }[] => {
		if (t.type === 'strong') return inlineRuns((t as Tokens.Strong).tokens, t.text, true, italic);
		if (t.type === 'em') return inlineRuns((t as Tokens.Em).tokens, t.text, bold, true);
		if (t.type === 'br') return [{ text: '\n', font: 'serif' }];
		const text = 'tokens' in t && t.tokens ? inlineRuns(t.tokens as Token[], '', bold, italic) : null;
		return text ?? [{ text: decode('text' in t ? String(t.text) : t.raw), font: bold ? 'serifBold' : italic ? 'serifItalic' : 'serif' }];
	});
}

function decode(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);
}

function richParagraph(doc: Doc, tokens: Token[] | undefined, raw: string, indent = 0): void {
	const runs = inlineRuns(tokens, raw).filter((r) => r.text !== '');
	runs.forEach((run, i) => {
		font(doc, run.font, 10.5).text(run.text, { continued: i < runs.length - 1, lineGap: 2.2, paragraphGap: 7, indent });
	});
}

/** The statement's body (Markdown: paragraphs, headings, lists, quotes) typeset. */
function body(doc: Doc, markdown: string): void {
	for (const token of marked.lexer(markdown, { gfm: true })) {
		if (token.type === 'paragraph') richParagraph(doc, (token as Tokens.Paragraph).tokens, token.text);
		else if (token.type === 'heading') {
			keepTogether(doc, 60);
			font(doc, 'serifBold', 12).text(decode(token.text), { paragraphGap: 5 });
		} else if (token.type === 'list') {
			(token as Tokens.List).items.forEach((item, i) => {
				const mark = (token as Tokens.List).ordered ? `${Number((token as Tokens.List).start || 1) + i}.` : '•';
				font(doc, 'serif', 10.5).text(`${mark} ${decode(item.text)}`, { indent: 12, lineGap: 2.2, paragraphGap: 4 });
			});
			doc.moveDown(0.4);
		} else if (token.type === 'blockquote') {
			font(doc, 'serifItalic', 10.5).text(decode(token.text), { indent: 18, lineGap: 2.2, paragraphGap: 7 });
		} else if (token.type === 'space' || token.type === 'hr') doc.moveDown(0.5);
		else if ('text' in token) paragraph(doc, decode(String(token.text)));
	}
}

function statementTexts(doc: Doc, facts: DossierFacts): void {
	facts.texts.forEach((text, i) => {
		sectionTitle(doc, i === 0 ? WORDS.statement() : WORDS.translation({ language: LOCALE_NAMES[text.locale as Locale] }));
		font(doc, 'sans', 9, MUTED).text(
			i === 0 ? WORDS.authoritative({ language: LOCALE_NAMES[text.locale as Locale] }) : WORDS.unofficial({ language: LOCALE_NAMES[facts.authoritative] }),
			{ paragraphGap: 10 }
		);
		font(doc, 'serifBold', 15).text(text.title, { paragraphGap: 6 });
		if (text.addressee) font(doc, 'serifItalic', 11).text(text.addressee, { paragraphGap: 12 });
		body(doc, text.body);
		keepTogether(doc, 110);
		doc.moveDown(0.6);
		font(doc, 'serif', 10.5).text(text.closing, { paragraphGap: 14 });
		font(doc, 'serifBold', 10.5).text(facts.signatoryName);
		for (const line of text.signatoryTitle.split('\n').filter(Boolean)) font(doc, 'serif', 10.5, MUTED).text(line);
		doc.moveDown(0.4);
		font(doc, 'serif', 10.5).text(`${text.issuedPlace}, ${facts.issuedOn}`);
		font(doc, 'sans', 8, MUTED).text(`${WORDS.textVersion()} ${text.contentHash}`, { paragraphGap: 0 });
	});
}

/** How many times each event happened, by kind and reason (0 when it did not). */
function eventCount(facts: DossierFacts, kind: string, event: string, reason?: string | null): number {
	return facts.events.filter((e) => e.kind === kind && e.event === event && (reason === undefined || e.reason === reason)).reduce((sum, e) => sum + e.n, 0);
}

function method(doc: Doc, facts: DossierFacts): void {
	sectionTitle(doc, WORDS.method());
	for (const text of [WORDS.methodOptIn, WORDS.methodOne, WORDS.methodAbuse, WORDS.methodModeration, WORDS.methodNames, WORDS.methodOrganizations, WORDS.methodLedger]) {
		paragraph(doc, text());
	}
	doc.moveDown(0.5);
	keepTogether(doc, 220);
	font(doc, 'sansBold', 11).text(WORDS.eventsTitle(), { paragraphGap: 6 });
	const started = eventCount(facts, 'signature', 'start');
	const rows: [string, number][] = [
		[WORDS.events.confirmed(), eventCount(facts, 'signature', 'confirm') + started],
		[WORDS.events.withdrawn(), eventCount(facts, 'signature', 'withdraw')]
	];
	// A moderator's decision on a counted signature: rejected or invalidated, by the reason given.
	for (const event of ['reject', 'invalidate'] as const) {
		for (const reason of [...SIGNATURE_REASONS, null]) {
			const n = eventCount(facts, 'signature', event, reason);
			const why = reason ? translate('en', `admin.signatures.reasons.${reason}`) : WORDS.events.noReason();
			if (n > 0) rows.push([event === 'reject' ? WORDS.events.rejected({ reason: why }) : WORDS.events.invalidated({ reason: why }), n]);
		}
	}
	rows.push([WORDS.events.restored(), eventCount(facts, 'signature', 'restore')]);
	rows.push([WORDS.events.counted(), facts.head.counts.signatures]);
	// Organizations: what added one and what took one away; a country corrected moves one and is neither.
	const organizationMoves = facts.events.filter((e) => e.kind === 'organization' && e.event !== 'edit');
	const added = organizationMoves.filter((e) => ['approve', 'start', 'restore', 'reopen'].includes(e.event)).reduce((s, e) => s + e.n, 0);
	rows.push([WORDS.events.organizationsApproved(), added]);
	rows.push([WORDS.events.organizationsRemoved(), organizationMoves.reduce((s, e) => s + e.n, 0) - added]);
	rows.push([WORDS.events.organizationsCounted(), facts.head.counts.organizations]);
	table(doc, [WORDS.events.what(), WORDS.events.howMany()], rows.map(([label, n]) => [label, number(n)]), [WIDTH - 110, 110]);
	if (started > 0) paragraph(doc, WORDS.events.startNote({ count: started }), { paragraphGap: 0 });
}

/** A simple table: a header row, then rows; the last column right-aligned; repeats its header on a new page. */
function table(doc: Doc, header: string[], rows: string[][], widths: number[]): void {
	const rowHeight = 16;
	const drawRow = (cells: string[], bold: boolean) => {
		const y = doc.y;
		let x = MARGIN.left;
		cells.forEach((cell, i) => {
			const last = i === cells.length - 1 && cells.length > 1;
			font(doc, bold ? 'sansBold' : 'sans', 9.5).text(cell, x + (last ? 0 : 2), y + 3, { width: widths[i] - 4, align: last ? 'right' : 'left', lineBreak: false, ellipsis: true, height: rowHeight });
			x += widths[i];
		});
		doc.moveTo(MARGIN.left, y + rowHeight).lineTo(MARGIN.left + WIDTH, y + rowHeight).lineWidth(0.5).strokeColor(RULE).stroke();
		doc.x = MARGIN.left;
		doc.y = y + rowHeight;
	};
	drawRow(header, true);
	for (const row of rows) {
		if (doc.y + rowHeight > BOTTOM) {
			newPage(doc);
			drawRow(header, true);
		}
		drawRow(row, false);
	}
	doc.moveDown(0.8);
}

function countries(doc: Doc, facts: DossierFacts): void {
	sectionTitle(doc, WORDS.countries());
	const entries = Object.entries(facts.head.counts.countries).filter(([, c]) => c.signatures > 0 || c.organizations > 0);
	const collator = new Intl.Collator('en');
	entries.sort(([a, ca], [b, cb]) => cb.signatures - ca.signatures || collator.compare(countryName(a), countryName(b)));
	paragraph(doc, WORDS.countriesText({ countries: entries.length }));
	const rows = entries.map(([code, c]) => [countryName(code), number(c.signatures), number(c.organizations)]);
	rows.push([WORDS.total(), number(facts.head.counts.signatures), number(facts.head.counts.organizations)]);
	table(doc, [WORDS.country(), WORDS.signatures(), WORDS.organizations()], rows, [WIDTH - 220, 110, 110]);
}

/** Cumulative signatures per day from the first to the head's, as a line over daily bars. */
function timeline(doc: Doc, facts: DossierFacts): void {
	sectionTitle(doc, WORDS.timeline());
	if (facts.days.length === 0) {
		paragraph(doc, WORDS.timelineEmpty());
		return;
	}
	const first = Date.parse(`${facts.days[0].day}T00:00:00Z`);
	const last = Math.max(Date.parse(`${facts.days.at(-1)!.day}T00:00:00Z`), Date.parse(`${facts.head.signedAt.toISOString().slice(0, 10)}T00:00:00Z`));
	const dayCount = Math.round((last - first) / 86_400_000) + 1;
	const perDay = new Array<number>(dayCount).fill(0);
	for (const d of facts.days) perDay[Math.round((Date.parse(`${d.day}T00:00:00Z`) - first) / 86_400_000)] += d.delta;
	const total: number[] = [];
	perDay.reduce((sum, n, i) => (total[i] = sum + n), 0);
	const top = niceCeiling(Math.max(1, ...total));
	const barTop = niceCeiling(Math.max(1, ...perDay));

	paragraph(doc, WORDS.timelineText({ from: longDate(new Date(first)), to: longDate(new Date(last)), days: dayCount }));
	const x0 = MARGIN.left + 46;
	const chartWidth = WIDTH - 46;
	const chartHeight = 250;
	const y0 = doc.y + 10;
	const yBase = y0 + chartHeight;
	const step = chartWidth / dayCount;
	// Grid and axis labels (cumulative scale on the left).
	for (let i = 0; i <= 4; i++) {
		const y = yBase - (chartHeight * i) / 4;
		doc.moveTo(x0, y).lineTo(x0 + chartWidth, y).lineWidth(0.4).strokeColor(RULE).stroke();
		font(doc, 'sans', 7.5, MUTED).text(number((top * i) / 4), MARGIN.left, y - 4, { width: 40, align: 'right', lineBreak: false });
	}
	// Daily bars, on their own scale.
	doc.save();
	doc.fillColor('#9fb7cf');
	perDay.forEach((n, i) => {
		if (n <= 0) return;
		const h = (chartHeight * 0.45 * n) / barTop;
		doc.rect(x0 + i * step + step * 0.15, yBase - h, Math.max(step * 0.7, 0.3), h);
	});
	doc.fill();
	doc.restore();
	// The cumulative line.
	doc.save();
	total.forEach((n, i) => {
		const x = x0 + (i + 0.5) * step;
		const y = yBase - (chartHeight * Math.max(n, 0)) / top;
		if (i === 0) doc.moveTo(x, y);
		else doc.lineTo(x, y);
	});
	doc.lineWidth(1.6).strokeColor(ACCENT).stroke();
	doc.restore();
	// Dates under the axis: first, middle, last.
	const labels = dayCount === 1 ? [0] : [0, Math.floor((dayCount - 1) / 2), dayCount - 1];
	for (const i of labels) {
		const at = new Date(first + i * 86_400_000);
		font(doc, 'sans', 7.5, MUTED).text(at.toISOString().slice(0, 10), x0 + (i + 0.5) * step - 30, yBase + 5, { width: 60, align: 'center', lineBreak: false });
	}
	doc.x = MARGIN.left;
	doc.y = yBase + 24;
	font(doc, 'sans', 8.5, MUTED).text(WORDS.timelineLegend({ bars: number(barTop) }), { width: WIDTH });
	doc.moveDown(1);
	const busiest = perDay.reduce((best, n, i) => (n > perDay[best] ? i : best), 0);
	paragraph(doc, WORDS.timelineBusiest({ day: longDate(new Date(first + busiest * 86_400_000)), count: perDay[busiest] }));
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at least `n`. */
async function organizations(doc: Doc, facts: DossierFacts, logoOf: DossierPdfInput['logoOf']): Promise<void> {
	sectionTitle(doc, WORDS.organizationsTitle());
	if (facts.organizations.length === 0) {
		paragraph(doc, WORDS.organizationsEmpty());
		return;
	}
	paragraph(doc, WORDS.organizationsText({ count: facts.organizations.length }));
	const gone = facts.head.counts.organizations - facts.organizations.length;
	if (gone > 0) paragraph(doc, WORDS.organizationsGone({ count: gone }));
	const collator = new Intl.Collator('en');
	const sorted = [...facts.organizations].sort((a, b) => collator.compare(countryName(a.country), countryName(b.country)) || collator.compare(a.name, b.name));
	const side = 44;
	const textX = MARGIN.left + side + 14;
	const textWidth = WIDTH - side - 14;
	// Logos a few at a time, ahead of the entries that show them (converting is done on libuv's threads).
	for (let start = 0; start < sorted.length; start += LOGO_BATCH) {
		const batch = sorted.slice(start, start + LOGO_BATCH);
		const images = await Promise.all(batch.map((org) => {
			const webp = org.logoHash ? logoOf(org.logoHash) : null;
			return webp ? printableLogo(webp) : null;
		}));
		batch.forEach((org, i) => organization(doc, org, images[i], side, textX, textWidth));
	}
}

const LOGO_BATCH = 16;
/** Printed at 44 pt: 160 px is sharper than the paper needs. */
const LOGO_PIXELS = 160;

/** A kept logo (WebP, up to 512 px) as the PNG a PDF can hold, at the size it is printed. */
async function printableLogo(webp: Buffer): Promise<Buffer | null> {
	const sharp = (await import('sharp')).default;
	// libvips would otherwise keep every decoded logo in its cache.
	sharp.cache(false);
	try {
		return await sharp(webp).resize(LOGO_PIXELS, LOGO_PIXELS, { fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 6 }).toBuffer();
	} catch {
		return null;
	}
}

function organization(doc: Doc, org: DossierFacts['organizations'][number], logo: Buffer | null, side: number, textX: number, textWidth: number): void {
	const details = [translate('en', `endorse.types.${org.type}`), [org.city, countryName(org.country)].filter(Boolean).join(', ')].join(' · ');
	const supportFont = org.support ? fontFor(org.support, 'serifItalic') : 'serifItalic';
	font(doc, supportFont, 9.5);
	const supportHeight = org.support ? doc.heightOfString(`“${org.support}”`, { width: textWidth }) + 4 : 0;
	keepTogether(doc, Math.max(side, 40 + supportHeight) + 12);
	const y = doc.y;
	if (logo) doc.image(logo, MARGIN.left, y, { fit: [side, side], align: 'center', valign: 'center' });
	else doc.rect(MARGIN.left, y, side, side).lineWidth(0.5).strokeColor(RULE).stroke();
	const nameFont = fontFor(org.name, 'serifBold');
	font(doc, nameFont, 11).text(inPrintOrder(org.name, nameFont), textX, y, { width: textWidth });
	font(doc, fontFor(details, 'sans'), 9, MUTED).text(details, { width: textWidth });
	if (org.website) font(doc, 'sans', 9, ACCENT).text(org.website, { width: textWidth });
	if (org.support) font(doc, supportFont, 9.5).text(`“${org.support}”`, { width: textWidth });
	doc.x = MARGIN.left;
	doc.y = Math.max(doc.y, y + side) + 12;
}

/** Fits `text` into `width` at the current font, shortened with an ellipsis when it does not. */
function fitted(doc: Doc, text: string, width: number): string {
	// Most names are short: only long ones are measured (laying text out is the list's cost).
	if (text.length < 20 || doc.widthOfString(text) <= width) return text;
	let cut = text.length;
	while (cut > 1 && doc.widthOfString(`${text.slice(0, cut)}…`) > width) cut = Math.floor(cut * 0.92);
	return `${text.slice(0, cut).trimEnd()}…`;
}

/**
 * The public signatories in columns, grouped by country, each country followed by how many of its
 * counted signatories chose not to be named. Yields to the event loop now and then, so that the
 * file takes what was written (and a server producing it in-process keeps answering).
 */
async function signatories(doc: Doc, facts: DossierFacts, list: Iterable<NamedSignatory>, onProgress?: (fraction: number) => void): Promise<number> {
	sectionTitle(doc, WORDS.signatoriesTitle());
	paragraph(doc, WORDS.signatoriesText());
	const top = doc.y + 4;
	let column = 0;
	let y = top;
	let pageTop = top;
	const x = () => MARGIN.left + column * (COLUMN_WIDTH + LIST.gap);
	const advance = (lines: number) => {
		if (y + LIST.line * lines <= BOTTOM) return;
		column += 1;
		if (column === LIST.columns) {
			newPage(doc);
			column = 0;
			pageTop = MARGIN.top;
		}
		y = pageTop;
	};
	const line = (text: string, name: DossierFont, color = INK) => {
		advance(1);
		const printed = fontFor(text, name);
		font(doc, printed, LIST.size, color);
		doc.text(fitted(doc, inPrintOrder(text, printed), COLUMN_WIDTH), x(), y, { lineBreak: false });
		y += LIST.line;
	};
	const counted = facts.head.counts.countries;
	const total = Math.max(1, facts.head.counts.signatures);
	let current: string | null = null;
	let inCountry = 0;
	let named = 0;
	const closeCountry = () => {
		if (current === null) return;
		const unnamed = (counted[current]?.signatures ?? 0) - inCountry;
		if (unnamed > 0) line(WORDS.unnamed({ count: unnamed }), 'sansItalic', MUTED);
		y += LIST.line * 0.6;
	};
	const openCountry = (code: string) => {
		closeCountry();
		current = code;
		inCountry = 0;
		// A country's heading never stands alone at the foot of a column.
		advance(3);
		font(doc, 'sansBold', LIST.size + 1, ACCENT);
		doc.text(`${countryName(code)} (${number(counted[code]?.signatures ?? 0)})`, x(), y, { lineBreak: false, width: COLUMN_WIDTH, ellipsis: true, height: LIST.line });
		y += LIST.line * 1.25;
	};
	const order = countryOrder(Object.keys(counted));
	const seen = new Set<string>();
	const countryWithoutNames = (upTo: string | null) => {
		// Countries with signatures but nobody named still get their line ("12 chose not to be named").
		for (const code of order) {
			if (upTo !== null && code === upTo) break;
			if (seen.has(code) || (counted[code]?.signatures ?? 0) <= 0) continue;
			seen.add(code);
			openCountry(code);
		}
	};
	for (const person of list) {
		if (person.country !== current) {
			countryWithoutNames(person.country);
			seen.add(person.country);
			openCountry(person.country);
		}
		line(person.city ? `${person.name}, ${person.city}` : person.name, 'sans');
		inCountry += 1;
		named += 1;
		if (named % FLUSH_EVERY === 0) {
			// Words laid out are cached by PDFKit; a million different names would keep them all.
			clearLayoutCache(doc);
			onProgress?.(named / total);
			await new Promise((resolve) => setImmediate(resolve));
		}
	}
	countryWithoutNames(null);
	closeCountry();
	doc.x = MARGIN.left;
	doc.y = MARGIN.top;
	return named;
}

function clearLayoutCache(doc: Doc): void {
	for (const f of Object.values((doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })._fontFamilies)) {
		if (f.layoutCache) f.layoutCache = Object.create(null);
	}
}

async function headPage(doc: Doc, input: DossierPdfInput): Promise<void> {
	const { head } = input.facts;
	sectionTitle(doc, WORDS.head());
	paragraph(doc, WORDS.headText());
	const rows: [string, string][] = [
		[WORDS.headStatement(), input.facts.slug],
		[WORDS.headSize(), number(head.treeSize)],
		[WORDS.headTime(), head.signedAt.toISOString()],
		[WORDS.headRoot(), head.rootHash],
		[WORDS.headSignature(), head.signature],
		[WORDS.fingerprint(), head.key],
		[WORDS.headPublicKey(), input.publicKeyHex],
		[WORDS.csv(), input.data.csvSha256],
		[WORDS.json(), input.data.jsonSha256]
	];
	for (const [label, value] of rows) {
		keepTogether(doc, 34);
		font(doc, 'sansBold', 9).text(label);
		doc.font('Courier').fontSize(8.5).fillColor(INK).text(value, { width: WIDTH, paragraphGap: 6 });
	}
	doc.moveDown(0.5);
	keepTogether(doc, 120);
	const ledger = ledgerUrl(input);
	const y = doc.y;
	drawQrCode(doc, ledger, MARGIN.left, y, 92);
	const textX = MARGIN.left + 106;
	font(doc, 'sansBold', 9.5).text(WORDS.headCheck(), textX, y + 4, { width: WIDTH - 106 });
	font(doc, 'sans', 9, ACCENT).text(ledger, { width: WIDTH - 106, link: ledger });
	font(doc, 'sans', 9, MUTED).text(WORDS.headData(), { width: WIDTH - 106 });
	font(doc, 'sans', 9, ACCENT).text(input.data.csvUrl, { width: WIDTH - 106, link: input.data.csvUrl });
	font(doc, 'sans', 9, ACCENT).text(input.data.jsonUrl, { width: WIDTH - 106, link: input.data.jsonUrl });
	doc.x = MARGIN.left;
	doc.y = Math.max(doc.y, y + 92) + 14;
	paragraph(doc, WORDS.headVerify());
	doc.font('Courier').fontSize(8).fillColor(INK).text(`node verify-ledger.mjs ${input.origin} ${input.facts.slug} --key ${head.key}`, { width: WIDTH, paragraphGap: 8 });
	keepTogether(doc, 60);
	font(doc, 'sansBold', 9).text(WORDS.headBody());
	doc.font('Courier').fontSize(6.5).fillColor(MUTED).text(head.body, { width: WIDTH });
}
