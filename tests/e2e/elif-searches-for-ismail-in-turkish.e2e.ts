import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { linkIn, waitForMail } from './mailbox';
import { PHONE, SLUG } from './pages';
import { COUNT_POLL, countryCount } from './signing';

const tr = JSON.parse(readFileSync('src/lib/i18n/locales/tr.json', 'utf8'));
// Turkmenistan is counted by this story alone.
const COUNTRY = 'TM';

test('Elif types "ismail" on a Turkish page and finds İsmail, as Turkish and Azerbaijani keyboards write him', async ({ browser, request }) => {
	// İsmail signs in Turkish, without JavaScript (the shortest way through the form), and confirms.
	const signer = await browser.newContext({ javaScriptEnabled: false });
	const page = await signer.newPage();
	const email = 'ismail.yildirim@example.org';
	await page.goto(`/tr/statements/${SLUG}`);
	const form = page.locator('form[method="POST"]');
	await form.getByLabel(tr.sign.name, { exact: true }).fill('İsmail Yıldırım');
	await form.getByLabel(tr.sign.email, { exact: true }).fill(email);
	await form.getByLabel(tr.sign.country, { exact: true }).selectOption(COUNTRY);
	await form.getByLabel(tr.sign.displayFull).check();
	await form.locator('input[name="consent"]').check();
	await form.getByRole('button', { name: tr.sign.submit }).click();
	await expect(page).toHaveURL(`/tr/statements/${SLUG}/check-your-inbox`);
	const mail = await waitForMail(email);
	expect(mail.subject).toBe(tr.mail.confirm.subject);
	await page.goto(linkIn(mail, 'confirm'));
	await page.getByRole('button', { name: tr.confirm.button }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr.thanks.title);
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(1);
	await signer.close();

	const reader = await browser.newContext({ locale: 'tr-TR', viewport: PHONE });
	const elif = await reader.newPage();
	await elif.goto(`/tr/statements/${SLUG}/signatories`);
	await expect(elif.locator('html')).toHaveAttribute('lang', 'tr');
	for (const typed of ['ismail', 'ISMAIL', 'İSMAİL', 'yildirim', 'YILDIRIM']) {
		await elif.getByLabel(tr.signatories.search).fill(typed);
		await elif.getByRole('button', { name: tr.signatories.filter }).click();
		await expect(elif.locator('.signatory-list li').filter({ hasText: 'İsmail Yıldırım' }), typed).toHaveCount(1);
	}
	await elif.screenshot({ path: test.info().outputPath('signatories-tr-phone.png'), fullPage: true });
	await reader.close();
});
