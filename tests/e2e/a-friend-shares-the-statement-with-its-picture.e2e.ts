import { expect, test, type APIRequestContext } from '@playwright/test';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { linkIn, waitForMail } from './mailbox';
import { LOCALES, PHONE, SLUG } from './pages';
import { COUNT_POLL, countryCount } from './signing';

// Bhutan is counted by this story alone.
const COUNTRY = 'BT';

async function picture(request: APIRequestContext, lang: string) {
	const response = await request.get(`/${lang}/statements/${SLUG}/share.png`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('image/png');
	const body = await response.body();
	return { body, hash: createHash('sha256').update(body).digest('hex'), png: PNG.sync.read(body) };
}

test('a shared link shows the statement\'s picture in its language: 1200 × 630, with the count', async ({ page, request, baseURL }) => {
	for (const lang of LOCALES) {
		await page.goto(`/${lang}/statements/${SLUG}`);
		const image = `${baseURL}/${lang}/statements/${SLUG}/share.png`;
		await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', image);
		await expect(page.locator('meta[property="og:image:width"]')).toHaveAttribute('content', '1200');
		await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
		await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute('content', /.{20,}/);
		const { png, body } = await picture(request, lang);
		expect([png.width, png.height], lang).toEqual([1200, 630]);
		test.info().attach(`share-${lang}.png`, { body, contentType: 'image/png' });
	}
	// Pages that are not the statement's have none.
	await page.goto('/en/privacy');
	await expect(page.locator('meta[property="og:image"]')).toHaveCount(0);
	expect((await request.get(`/en/statements/no-such-statement/share.png`)).status()).toBe(404);
});

test('the picture\'s count follows new signatures (within the minute), and the thank-you page shares it', async ({ browser, request }) => {
	const before = await picture(request, 'de');
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(0);

	// Someone signs (without JavaScript, the shortest way) and confirms.
	const signer = await browser.newContext({ javaScriptEnabled: false });
	const page = await signer.newPage();
	const email = 'shares.the.picture@example.org';
	await page.goto(`/en/statements/${SLUG}`);
	const form = page.locator('form[method="POST"]');
	await form.locator('input[name="name"]').fill('Tenzin Dorji');
	await form.locator('input[name="email"]').fill(email);
	await form.locator('select[name="country"]').selectOption(COUNTRY);
	await form.locator('input[name="consent"]').check();
	await form.getByRole('button', { name: 'Sign the statement' }).click();
	await page.goto(linkIn(await waitForMail(email), 'confirm'));
	await page.getByRole('button', { name: 'Confirm my signature' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for signing');
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(1);
	await signer.close();

	// The picture is made again once the count changed, at most once per SHARE_IMAGE_SECONDS (tests: 2; production: 60).
	await expect.poll(async () => (await picture(request, 'de')).hash, { timeout: 70_000, intervals: [1_000] }).not.toBe(before.hash);
	const after = await picture(request, 'de');
	expect([after.png.width, after.png.height]).toEqual([1200, 630]);

	// A phone with a share sheet of its own: the button opens it with the address, the words and the picture.
	const phone = await browser.newContext({ viewport: PHONE });
	await phone.addInitScript(() => {
		const shared: unknown[] = [];
		Object.assign(window, { shared });
		Object.defineProperty(navigator, 'canShare', { value: (data: ShareData) => Boolean(data.files?.every((f) => f.type === 'image/png')) });
		Object.defineProperty(navigator, 'share', {
			value: async (data: ShareData) => {
				shared.push({ url: data.url, title: data.title, text: data.text, files: (data.files ?? []).map((f) => ({ name: f.name, type: f.type, size: f.size })) });
			}
		});
	});
	const reader = await phone.newPage();
	await reader.goto(`/de/statements/${SLUG}/thank-you`);
	await reader.getByRole('button', { name: 'Teilen …' }).click();
	await expect.poll(() => reader.evaluate(() => (window as unknown as { shared: unknown[] }).shared.length)).toBe(1);
	const [shared] = await reader.evaluate(() => (window as unknown as { shared: { url: string; files: { type: string; size: number }[] }[] }).shared);
	expect(new URL(shared.url).pathname).toBe(`/de/statements/${SLUG}`);
	expect(shared.files).toMatchObject([{ type: 'image/png' }]);
	expect(shared.files[0].size).toBeGreaterThan(10_000);
	await phone.close();

	// Without a share sheet (this Chromium has none) the button stays hidden; the links remain.
	const desk = await browser.newPage();
	await desk.goto(`/de/statements/${SLUG}/thank-you`);
	await expect(desk.getByRole('button', { name: 'Teilen …' })).toBeHidden();
	await expect(desk.getByRole('link', { name: 'WhatsApp' })).toBeVisible();
	await desk.close();
});
