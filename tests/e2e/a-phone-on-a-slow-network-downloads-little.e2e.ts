import { expect, test, type Browser } from '@playwright/test';
import { LOCALES, PHONE, SLUG, TITLES } from './pages';

/**
 * What each public page may cost a phone on its first visit, as sent over the wire (compressed):
 * bytes of fonts, scripts and style sheets, the number of requests, and the page itself. Reading
 * pages send no script at all; the statement page and the two forms one small script of their own
 * (src/lib/client/enhance.ts, ~2.4 KB), no framework: the form's checks (~31 KB) and the
 * proof-of-work's code (~27 KB) come only when a person turns to the form.
 */
type Budget = { fonts: number; scripts: number; styles: number; requests: number; html: number };
const KB = 1024;
const READING: Budget = { fonts: 120 * KB, scripts: 0, styles: 0, requests: 8, html: 24 * KB };
const WITH_FORM: Budget = { fonts: 120 * KB, scripts: 6 * KB, styles: 0, requests: 10, html: 28 * KB };
/** Cyrillic letters come in font files of their own, bigger than Latin ones: two more files, ~45 KB more. */
const CYRILLIC = { fonts: 200 * KB, requests: 2 };

const PAGES: { name: string; path: string; budget: Budget }[] = [
	{ name: 'home', path: '', budget: WITH_FORM },
	{ name: 'statement', path: `/statements/${SLUG}`, budget: WITH_FORM },
	{ name: 'signatories', path: `/statements/${SLUG}/signatories`, budget: READING },
	{ name: 'organizations', path: `/statements/${SLUG}/organizations`, budget: READING },
	{ name: 'privacy', path: '/privacy', budget: READING },
	{ name: 'imprint', path: '/imprint', budget: READING },
	{ name: 'ledger', path: `/statements/${SLUG}/ledger`, budget: READING },
	{ name: 'statistics', path: `/statements/${SLUG}/statistics`, budget: READING },
	{ name: 'sign', path: `/statements/${SLUG}/sign`, budget: WITH_FORM },
	{ name: 'endorse', path: `/statements/${SLUG}/endorse`, budget: WITH_FORM }
];

/** Loads a page in a fresh phone-sized browser and adds up what came over the network, by kind. */
async function weigh(browser: Browser, url: string) {
	const context = await browser.newContext({ viewport: PHONE });
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	const kinds = new Map<string, string>();
	const bytes: Record<string, number> = {};
	let requests = 0;
	let encoding: string | undefined;
	cdp.on('Network.responseReceived', (e) => {
		kinds.set(e.requestId, e.type);
		if (e.type === 'Document') encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'];
	});
	cdp.on('Network.loadingFinished', (e) => {
		requests += 1;
		const kind = kinds.get(e.requestId) ?? 'Other';
		bytes[kind] = (bytes[kind] ?? 0) + e.encodedDataLength;
	});
	await page.goto(url, { waitUntil: 'networkidle' });
	// A font the first paint asked for may still be on its way.
	await page.evaluate(() => document.fonts.ready);
	await context.close();
	return { fonts: bytes.Font ?? 0, scripts: bytes.Script ?? 0, styles: bytes.Stylesheet ?? 0, html: bytes.Document ?? 0, requests, encoding };
}

for (const lang of LOCALES) {
	test(`every public ${lang} page keeps within what a phone on a slow network can wait for`, async ({ browser, baseURL }) => {
		const report: string[] = [];
		for (const { name, path, budget } of PAGES) {
			const cost = await weigh(browser, `${baseURL}/${lang}${path}`);
			report.push(`${name}: fonts ${cost.fonts}, scripts ${cost.scripts}, styles ${cost.styles}, html ${cost.html} (${cost.encoding}), ${cost.requests} requests`);
			expect(cost.encoding, `${lang} ${name}: the page itself compressed`).toMatch(/^(br|gzip)$/);
			const limits = /[а-яё]/i.test(TITLES[lang]) ? { ...budget, fonts: CYRILLIC.fonts, requests: budget.requests + CYRILLIC.requests } : budget;
			for (const key of ['fonts', 'scripts', 'styles', 'html', 'requests'] as const) {
				expect(cost[key], `${lang} ${name}: ${key}`).toBeLessThanOrEqual(limits[key]);
			}
		}
		console.log(report.join('\n'));
	});
}
