import { expect, test } from '@playwright/test';
import { receiptOf } from './database';
import { waitForMail, type SinkMail } from './mailbox';
import { PHONE, SLUG } from './pages';
import { postSignature } from './signing';

/** The link of this kind in a mail's text. */
function linkTo(mail: SinkMail, path: RegExp): string {
	const link = mail.text.match(new RegExp(`https?://\\S*${path.source}\\S*`))?.[0];
	if (!link) throw new Error(`no ${path} link in "${mail.subject}"`);
	return link;
}

test('Aynur signs in Azerbaijani, opens the check link from her thank-you email, and her browser verifies she is counted', async ({ page, request, baseURL }) => {
	test.setTimeout(120_000);
	const email = `aynur.${Date.now().toString(36)}@example.org`;
	expect((await postSignature(request, baseURL!, 'az', { name: 'Aynur Həsənova', email, country: 'AZ' })).status()).toBe(303);
	await page.setViewportSize(PHONE);
	await page.goto(linkTo(await waitForMail(email), /\/az\/confirm\//));
	await page.getByRole('button').filter({ hasText: /təsdiq/i }).first().click();
	// The thank-you page gives her the receipt and the way to check it.
	const receipt = receiptOf(email);
	await expect(page.getByText(receipt)).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('thank-you-az.png'), fullPage: true });

	const thanks = await waitForMail(email, 2);
	expect(thanks.text).toContain(receipt);
	const check = linkTo(thanks, /\/az\/statements\/[a-z-]+\/ledger\/check\?receipt=/);
	expect(check).toContain(`/az/statements/${SLUG}/ledger/check?receipt=${receipt}`);

	// Heads are signed every two seconds here (ten minutes in production): she may have to look again.
	await expect(async () => {
		await page.goto(check);
		await expect(page.getByText('Təsdiqləndi: imzanız imzalanmış açıq reyestrdədir və sayılır.')).toBeVisible({ timeout: 3_000 });
	}).toPass({ timeout: 30_000 });
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sayın açıq reyestri');
	await page.screenshot({ path: test.info().outputPath('ledger-check-az.png'), fullPage: true });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});

test('a made-up receipt is never shown as counted, and a malformed one is refused in plain words', async ({ page }) => {
	// Typed into the ledger page's form (which has no scripts of its own), as a person with the number on paper would.
	await page.goto(`/en/statements/${SLUG}/ledger`);
	expect(await page.locator('script[src], link[rel=modulepreload]').count()).toBe(0);
	await page.getByLabel('Your receipt number').fill('AB'.repeat(16));
	await page.getByRole('button', { name: 'Check', exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/en/statements/${SLUG}/ledger/check\\?receipt=`));
	await expect(page.getByText('This receipt number is not in the ledger.', { exact: false })).toBeVisible();
	await expect(page.getByText(/Verified/)).toHaveCount(0);
	// A link from a mail sent before the check had its own page still arrives there.
	await page.goto(`/de/statements/${SLUG}/ledger?receipt=nonsense`);
	await expect(page).toHaveURL(new RegExp(`/de/statements/${SLUG}/ledger/check\\?receipt=nonsense`));
	await expect(page.getByRole('alert')).toHaveText('Diese Belegnummer ist ungültig. Bitte kopieren Sie sie noch einmal aus Ihrer E-Mail.');
	await expect(page.getByLabel('Ihre Belegnummer')).toBeVisible();
});
