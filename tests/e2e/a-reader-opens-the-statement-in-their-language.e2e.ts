import { expect, test } from '@playwright/test';
import { LOCALES, SLUG, TITLES, PHONE } from './pages';

test.describe('a reader opens the statement in their language', () => {
	for (const [acceptLanguage, expected] of [
		['de-DE,de;q=0.9,en;q=0.5', '/de'],
		['az-AZ,az;q=0.9,ru;q=0.8', '/az'],
		['en-US,en;q=0.9', '/en'],
		['fr-FR,fr;q=0.9', '/fr'],
		['tr-TR,tr;q=0.9,en;q=0.8', '/tr'],
		['uk-UA,uk;q=0.9,ru;q=0.8', '/ru'],
		['es-ES,es;q=0.9', '/en']
	] as const) {
		test(`/ sends Accept-Language "${acceptLanguage}" to ${expected}`, async ({ request }) => {
			const response = await request.get('/', { headers: { 'Accept-Language': acceptLanguage }, maxRedirects: 0 });
			expect(response.status()).toBe(307);
			expect(response.headers()['location']).toBe(expected);
			expect(response.headers()['cache-control']).toBe('no-store');
		});
	}

	for (const lang of LOCALES) {
		test(`reads the statement in ${lang} with the page marked ${lang}`, async ({ page }) => {
			const response = await page.goto(`/${lang}`);
			expect(response?.status()).toBe(200);
			await expect(page.locator('html')).toHaveAttribute('lang', lang);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES[lang]);
			await expect(page.locator('.statement__body p')).toHaveCount(5);
			await expect(page.getByText('Zaur Aliyev', { exact: true })).toBeVisible();
			// The count is the header's headline, the newest names right under it.
			const figure = page.locator('.statement__support .counter__figure strong');
			if (await figure.count()) expect(await figure.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(40);
			// Whoever reads the lists of names and organizations can sign from there too.
			for (const list of ['signatories', 'organizations']) {
				const response = await page.request.get(`/${lang}/statements/${SLUG}/${list}`);
				expect(/href="[./]*\/?LANG\/statements\/SLUG\/sign"/.test((await response.text()).replaceAll(`/${lang}/statements/${SLUG}/sign"`, '/LANG/statements/SLUG/sign"')), list).toBe(true);
			}
			// Share links for readers, not only for those who have signed, without any other site's script.
			await expect(page.locator('.share-panel').getByRole('link', { name: 'Telegram' })).toHaveAttribute('href', /^https:\/\/t\.me\/share\/url\?url=/);
			for (const l of LOCALES) {
				await expect(page.locator(`link[rel="alternate"][hreflang="${l}"]`)).toHaveAttribute(
					'href',
					new RegExp(`/${l}$`)
				);
			}
		});
	}

	test('the English text is authoritative and shown as issued', async ({ page }) => {
		await page.goto(`/en/statements/${SLUG}`);
		await expect(page.locator('.notice')).toHaveCount(0);
		await expect(page.locator('.statement__body')).toContainText(
			'The European Azerbaijan Center (Europäisches Aserbaidtschan Zentrum e.V.) expresses its serious concern'
		);
		await expect(page.locator('.statement__place')).toHaveText('Münster, Germany: 4 April 2026');
		await expect(page.locator('.letterhead li')).toHaveText([
			'European Azerbaijan Center e.V.',
			'Europäisches Aserbaidschan Zentrum e.V.',
			'Avropa Azərbaycan Mərkəzi'
		]);
	});

	for (const [lang, notice, place] of [
		['de', 'Nichtamtliche Übersetzung', 'Münster, Deutschland: 4. April 2026'],
		['az', 'Qeyri-rəsmi tərcümə', 'Münster, Almaniya: 4 aprel 2026']
	] as const) {
		test(`the ${lang} translation says it is unofficial in one line under the title, and links the English original`, async ({ page }) => {
			await page.setViewportSize(PHONE);
			await page.goto(`/${lang}`);
			const note = page.locator('.translation-note summary');
			await expect(note).toHaveText(notice);
			// On a phone, the title and the note both fit the first screen.
			for (const element of [page.getByRole('heading', { level: 1 }), note]) {
				const box = (await element.boundingBox())!;
				expect(box.y + box.height, `${lang}: ${await element.textContent()}`).toBeLessThanOrEqual(PHONE.height);
			}
			await expect(page.locator('.statement__place')).toHaveText(place);
			await note.click();
			await page.locator('.translation-note a').click();
			await expect(page).toHaveURL(`/en/statements/${SLUG}`);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		});
	}

	test('the language switcher keeps the page and the choice is remembered', async ({ browser }) => {
		// A German browser, so that only the remembered choice can lead back to Azerbaijani.
		const context = await browser.newContext({ locale: 'de-DE' });
		const page = await context.newPage();
		await page.goto('/');
		await expect(page).toHaveURL('/de');
		await page.goto('/de/privacy');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Datenschutz');
		await page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'Azərbaycanca' }).click();
		await expect(page).toHaveURL('/az/privacy');
		await expect(page.locator('html')).toHaveAttribute('lang', 'az');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Məxfilik');
		await expect(
			page.getByRole('navigation', { name: 'Dil' }).getByRole('link', { name: 'Azərbaycanca' })
		).toHaveAttribute('aria-current', 'true');

		// Back at the front door, the explicit choice wins over the browser's German.
		await page.goto('/');
		await expect(page).toHaveURL('/az');
		await context.close();
	});

	test('the switcher never sends a reader to another site', async ({ request }) => {
		for (const next of ['https://evil.example/', '//evil.example/de', '/\\evil.example', '/de/../../x', '/en/privacy', '']) {
			const response = await request.get(`/language/de?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
			expect(response.status()).toBe(303);
			expect(response.headers()['location']).toBe('/de');
		}
		// A moderator comes back to their search; a public page's query is not carried along.
		for (const [next, expected] of [
			['/admin/signatures?q=%40example.org&country=AZ', '/admin/signatures?q=%40example.org&country=AZ'],
			['/admin', '/admin'],
			['/de/privacy?x=1', '/de/privacy'],
			['/admin/../en?q=1', '/de'],
			['//evil.example/admin/signatures?q=1', '/de']
		]) {
			const response = await request.get(`/language/de?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
			expect(response.headers()['location'], next).toBe(expected);
		}
	});

	test('every page links privacy and imprint in the footer', async ({ page }) => {
		for (const lang of LOCALES) {
			await page.goto(`/${lang}`);
			const footer = page.locator('footer.site-footer');
			await footer.getByRole('link').first().click();
			await expect(page).toHaveURL(`/${lang}/privacy`);
			await page.locator('footer.site-footer').getByRole('link').nth(1).click();
			await expect(page).toHaveURL(`/${lang}/imprint`);
			await expect(page.locator('html')).toHaveAttribute('lang', lang);
		}
	});

	test('an unknown address gives a 404 page in the reader\'s language', async ({ page }) => {
		const de = await page.goto('/de/gibt-es-nicht');
		expect(de?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');

		const az = await page.goto(`/az/statements/no-such-statement`);
		expect(az?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Səhifə tapılmadı');

	});

	test('an address outside any language answers 404 in the browser\'s language', async ({ browser }) => {
		const context = await browser.newContext({ locale: 'az-AZ' });
		const page = await context.newPage();
		const response = await page.goto('/nowhere');
		expect(response?.status()).toBe(404);
		await expect(page.locator('html')).toHaveAttribute('lang', 'az');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Səhifə tapılmadı');
		await context.close();
	});

	test('the page reads fully without JavaScript', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/az');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES.az);
		await page.getByRole('link', { name: 'Deutsch' }).click();
		await expect(page).toHaveURL('/de');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES.de);
		await context.close();
	});

	test('GET /healthz answers 200', async ({ request }) => {
		const response = await request.get('/healthz');
		expect(response.status()).toBe(200);
		expect(await response.json()).toMatchObject({ status: 'ok', database: { journalMode: 'wal', synchronous: 'full' }, jobs: 'running', mail: { failed: 0 } });
	});
});
