import { expect, test } from '@playwright/test';
import { PHONE, SLUG } from './pages';

// The statement page is sent without SvelteKit's client: one small script of its own makes the sign
// form check itself (src/lib/client/form.ts), in the page's language, before anything is sent.
test('Leyla, on a phone, is told in Azerbaijani what is missing before anything is sent, and the list shrinks as she fixes it', async ({
	page,
	context
}) => {
	await page.setViewportSize(PHONE);
	const scripts: string[] = [];
	const posts: string[] = [];
	page.on('request', (request) => {
		if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
		if (request.method() === 'POST') posts.push(request.url());
	});
	await page.goto(`/az/statements/${SLUG}`);
	await page.waitForLoadState('networkidle');
	// One script, no framework: the form's checks and the robot check are not fetched for a reader.
	expect(scripts).toHaveLength(1);
	expect(scripts[0]).toMatch(/^\/_app\/immutable\/workers\/enhance-[\w-]+\.js$/);

	const form = page.locator('form[data-checks="signature"]');
	await form.getByRole('textbox', { name: 'Ad və soyad' }).fill('L');
	await form.getByRole('button', { name: 'Bəyanatı imzala' }).click();

	const summary = form.getByRole('alert');
	await expect(summary).toContainText('Zəhmət olmasa, aşağıdakıları düzəldin:');
	await expect(summary).toContainText('Zəhmət olmasa, e-poçt ünvanınızı daxil edin.');
	await expect(summary).toContainText('Razılıq olmadan imzanızı qeydə ala bilmərik.');
	await expect(summary).toBeFocused();
	const name = form.getByRole('textbox', { name: 'Ad və soyad' });
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	await expect(name).toHaveAccessibleDescription(/Zəhmət olmasa, adınızı daxil edin \(ən azı 2 simvol\)\.$/);
	expect(posts.filter((url) => url.includes('/sign'))).toEqual([]);

	// She fixes her name and leaves the field: its message goes from the field at once.
	await name.fill('Leyla Həsənova');
	await form.getByLabel('E-poçt ünvanı').focus();
	await expect(name).not.toHaveAttribute('aria-invalid', 'true');
	await expect(form.locator('#sign-name-error')).toBeHidden();
	// She types her address and, still in the field, taps the list's link to the country: the list
	// does not move under her finger, and the link takes her there.
	await form.getByLabel('E-poçt ünvanı').fill('leyla.hasanova@example.org');
	await summary.getByRole('link', { name: 'Zəhmət olmasa, ölkənizi seçin.' }).click();
	await expect(page).toHaveURL(/#sign-country$/);
	await expect(form.locator('#sign-email-error')).toBeHidden();
	expect(posts.filter((url) => url.includes('/sign'))).toEqual([]);

	// Sent again: the list names what is still missing, in the form's order.
	await form.getByRole('button', { name: 'Bəyanatı imzala' }).click();
	await expect(summary.getByRole('link')).toHaveCount(2);
	await expect(summary.getByRole('link').first()).toHaveAttribute('href', '#sign-country');
	await expect(summary).not.toContainText('adınızı');
	await expect(summary).toBeFocused();
	expect(posts.filter((url) => url.includes('/sign'))).toEqual([]);

	// The share panel's copy button works without the framework too.
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.getByRole('button', { name: 'Keçidi kopyala' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Keçid kopyalandı' })).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(`/az/statements/${SLUG}`, page.url()).href);
});
