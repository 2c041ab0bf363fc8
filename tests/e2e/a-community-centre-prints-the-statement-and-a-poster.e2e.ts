import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { SLUG, TITLES } from './pages';

/** The text of a QR code on the first page of a PDF, read as a phone's camera would from a 150 dpi scan. */
function qrOnFirstPage(pdf: Buffer): string | null {
	const dir = mkdtempSync(join(tmpdir(), 'print-'));
	writeFileSync(join(dir, 'doc.pdf'), pdf);
	execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', join(dir, 'doc.pdf'), join(dir, 'page')]);
	const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!)));
	return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

function textOf(pdf: Buffer): string {
	const dir = mkdtempSync(join(tmpdir(), 'print-'));
	writeFileSync(join(dir, 'doc.pdf'), pdf);
	return execFileSync('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-']).toString();
}

test('a community centre prints the German statement: the paper has the text and a code to the German sign page, and nothing to click', async ({ page, baseURL }) => {
	await page.goto(`/de/statements/${SLUG}`);
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	writeFileSync(test.info().outputPath('statement-de-print.pdf'), pdf);
	const text = textOf(pdf);
	expect(text).toContain('Offizielle Erklärung');
	expect(text).toContain('Zum Unterzeichnen scannen oder öffnen:');
	// No navigation, no form, no share buttons on paper.
	for (const gone of ['English', 'Azərbaycanca', 'Erklärung unterzeichnen', 'WhatsApp', 'Datenschutz']) expect(text, gone).not.toContain(gone);
	// The code is on the last page, under the signature: every page is read until it is found.
	const dir = mkdtempSync(join(tmpdir(), 'print-'));
	writeFileSync(join(dir, 'doc.pdf'), pdf);
	execFileSync('pdftoppm', ['-png', '-r', '150', join(dir, 'doc.pdf'), join(dir, 'page')]);
	const codes = readdirSync(dir)
		.filter((f) => f.endsWith('.png'))
		.map((f) => PNG.sync.read(readFileSync(join(dir, f))))
		.map((png) => jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data)
		.filter(Boolean);
	expect(codes).toEqual([`${baseURL}/de/statements/${SLUG}/sign`]);
});

for (const lang of ['en', 'de', 'az'] as const) {
	test(`the ${lang} poster is one A4 page with the title and a code to the ${lang} sign page`, async ({ page, request, baseURL }) => {
		await page.goto(`/${lang}/statements/${SLUG}`);
		const href = await page.locator('a[href$="poster.pdf"]').getAttribute('href');
		const response = await request.get(new URL(href!, page.url()).href);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		const pdf = Buffer.from(await response.body());
		const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString();
		expect(info).toMatch(/Pages:\s+1\n/);
		expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
		const text = textOf(pdf).replace(/\s+/g, ' ');
		expect(text).toContain(TITLES[lang].slice(0, 30));
		expect(qrOnFirstPage(pdf)).toBe(`${baseURL}/${lang}/statements/${SLUG}/sign`);
		writeFileSync(test.info().outputPath(`poster-${lang}.pdf`), pdf);
	});
}
