import { expect, test } from '@playwright/test';
import { DESKTOP, LOCALES, PHONE, publicPages } from './pages';

// Every public page of a language, each measured and photographed: minutes on a slow machine.
test.setTimeout(300_000);

const SHOTS = 'tests/.artifacts/screenshots';
const AZERBAIJANI_LETTERS = 'əƏıİğĞşŞçÇöÖüÜ';

for (const [width, viewport] of [
	['phone', PHONE],
	['desktop', DESKTOP]
] as const) {
	for (const lang of LOCALES) {
		test(`every ${lang} page fits a ${width} screen, breaks no rule and asks nothing of other hosts`, async ({ browser, baseURL }) => {
			const context = await browser.newContext({ viewport, locale: lang });
			const page = await context.newPage();
			const foreign: string[] = [];
			const errors: string[] = [];
			let current = '';
			page.on('console', (message) => {
				if (message.type() !== 'error') return;
				// The 404 page's own status is reported by the browser; it is the point of that page.
				if (current.endsWith('/no-such-page') && message.text().includes('404')) return;
				errors.push(`${current}: ${message.text()}`);
			});
			page.on('pageerror', (error) => errors.push(`${current}: ${error.message}`));
			page.on('request', (request) => {
				const url = new URL(request.url());
				if (url.origin !== baseURL && url.protocol !== 'data:') foreign.push(request.url());
			});
			for (const { name, path } of publicPages(lang)) {
				current = path;
				await page.goto(path);
				await page.evaluate(() => document.fonts.ready);
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
				expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
				await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${width}.png`, fullPage: true });
			}
			expect(foreign).toEqual([]);
			// Content-Security-Policy violations and script errors surface here.
			expect(errors).toEqual([]);
			await context.close();
		});
	}
}

test('every Azerbaijani letter is drawn in the site\'s own fonts', async ({ page }) => {
	await page.goto('/az');
	const missing = await page.evaluate(async (letters) => {
		const families = ['Source Serif 4 Variable', 'Source Sans 3 Variable'];
		const out: string[] = [];
		for (const family of families) {
			await document.fonts.load(`16px "${family}"`, letters);
			const canvas = document.createElement('canvas').getContext('2d')!;
			for (const letter of letters) {
				// With the glyph present, the fallback font never matters; without it, the two differ.
				canvas.font = `40px "${family}", monospace`;
				const a = canvas.measureText(letter).width;
				canvas.font = `40px "${family}", serif`;
				const b = canvas.measureText(letter).width;
				const served = document.fonts.check(`40px "${family}"`, letter);
				if (a !== b || !served) out.push(`${family}: ${letter}`);
			}
		}
		return out;
	}, AZERBAIJANI_LETTERS);
	expect(missing).toEqual([]);
});
