import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { countRows, signatureRowsFor } from './database';
import { linkIn, waitForMail } from './mailbox';
import { PHONE, SLUG, TITLES } from './pages';
import { COUNT_POLL, countryCount } from './signing';

// The site's Russian words, as its dictionary has them; each is also checked to be Cyrillic, so that
// an English fallback cannot pass for Russian.
const ru = JSON.parse(readFileSync('src/lib/i18n/locales/ru.json', 'utf8'));
const CYRILLIC = /[а-яё]/i;
const EMAIL = 'dmitri.reads.russian@example.org';
// Kazakhstan is counted by this story alone.
const COUNTRY = 'KZ';

test('Dmitri, whose phone speaks Russian, lands on the statement in Russian, signs, and is written to in Russian', async ({ browser, request }) => {
	const context = await browser.newContext({ locale: 'ru-RU', viewport: PHONE });
	const page = await context.newPage();
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(0);

	await page.goto('/');
	await expect(page).toHaveURL('/ru');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES.ru);
	expect(TITLES.ru).toMatch(CYRILLIC);
	// An unofficial translation, which says so and links the English original.
	await expect(page.locator('.translation-note summary')).toHaveText(ru.statement.unofficial.title);
	await expect(page.getByRole('link', { name: 'Русский' })).toHaveAttribute('aria-current', 'true');
	// Six languages in the switcher, and none of them makes the phone's page scroll sideways.
	await expect(page.locator('.language-switcher a')).toHaveCount(6);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
	await page.screenshot({ path: test.info().outputPath('statement-ru-phone.png') });

	const form = page.locator('form[method="POST"]');
	await form.getByLabel(ru.sign.name, { exact: true }).pressSequentially('Дмитрий Ёлкин', { delay: 60 });
	await form.getByLabel(ru.sign.email, { exact: true }).fill(EMAIL);
	await form.getByLabel(ru.sign.country, { exact: true }).selectOption(COUNTRY);
	await form.locator('input[name="city"]').fill('Алматы');
	await form.getByLabel(ru.sign.displayFull).check();
	await form.locator('input[name="consent"]').check();
	// The robot check speaks Russian too (its words come from the site's dictionary).
	expect(ru.sign.robotWidget.verified).toMatch(CYRILLIC);
	await expect(form.locator('altcha-widget')).toContainText(ru.sign.robotWidget.verified, { timeout: 15_000 });
	await form.getByRole('button', { name: ru.sign.submit }).click();
	await expect(page).toHaveURL(`/ru/statements/${SLUG}/check-your-inbox`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru.checkInbox.title);
	expect(signatureRowsFor(EMAIL)).toMatchObject([{ state: 'pending', country: COUNTRY, name: 'Дмитрий Ёлкин' }]);
	expect(countRows('SELECT count(*) FROM signature WHERE email_canonical = ? AND locale = ?', EMAIL, 'ru')).toBe(1);

	const confirmation = await waitForMail(EMAIL);
	expect(confirmation.subject).toBe(ru.mail.confirm.subject);
	expect(confirmation.subject).toMatch(CYRILLIC);
	expect(confirmation.html).toContain(ru.mail.confirm.button);
	expect(confirmation.text).toContain('Дмитрий Ёлкин');
	const confirmLink = linkIn(confirmation, 'confirm');
	expect(new URL(confirmLink).pathname).toMatch(/^\/ru\/confirm\//);

	await page.goto(confirmLink);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru.confirm.title);
	await expect(page.locator('.confirm-statement').getByRole('link', { name: TITLES.ru })).toBeVisible();
	await page.getByRole('button', { name: ru.confirm.button }).click();
	await expect(page).toHaveURL(new RegExp(`/ru/statements/${SLUG}/thank-you\\?receipt=[0-9a-f]{32}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru.thanks.title);
	await page.screenshot({ path: test.info().outputPath('thank-you-ru-phone.png'), fullPage: true });
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(1);

	const thanks = await waitForMail(EMAIL, 2);
	expect(thanks.subject).toBe(ru.mail.thanks.subject);
	expect(thanks.html).toContain(ru.mail.withdrawButton);

	// His name is listed, found in any case and with е for ё, as Russian is typed.
	for (const q of ['елкин', 'ДМИТРИЙ']) {
		await page.goto(`/ru/statements/${SLUG}/signatories?q=${encodeURIComponent(q)}&country=${COUNTRY}`);
		await expect(page.locator('.signatory-list li'), q).toHaveCount(1);
		await expect(page.locator('.signatory-list')).toContainText('Дмитрий Ёлкин');
	}
	await context.close();
});
