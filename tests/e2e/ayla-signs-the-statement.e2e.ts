import { expect, test } from '@playwright/test';
import { signatureRowsFor } from './database';
import { linkIn, mailsTo, waitForMail } from './mailbox';
import { PHONE, SLUG, TITLES } from './pages';
import { COUNT_POLL, countryCount } from './signing';

// Ayla lives in Norway: the Norwegian count is hers alone, whatever other tests do meanwhile.
const EMAIL = 'ayla.signs@example.org';
const COUNTRY = 'NO';

test('Ayla signs in German, confirms from her email, appears in the list, then withdraws', async ({ page, request }) => {
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(0);

	await page.goto('/de');
	await page.getByRole('link', { name: 'Erklärung unterzeichnen' }).first().click();
	const form = page.locator('form[method="POST"]');
	// She types at a person's pace (the server ignores forms filled faster than SIGN_MIN_FILL_SECONDS).
	await form.getByLabel('Vollständiger Name').pressSequentially('Ayla Məmmədova', { delay: 90 });
	await form.getByLabel('E-Mail-Adresse').fill(EMAIL);
	await form.getByLabel('Land').selectOption('NO');
	await form.getByLabel('Ort').fill('Oslo');
	await form.getByLabel('Mit vollem Namen').check();

	// Forgetting the consent box is caught before anything is sent, and said out loud.
	await form.getByRole('button', { name: 'Erklärung unterzeichnen' }).click();
	await expect(page.getByRole('alert')).toContainText('Bitte setzen Sie das Häkchen');
	await expect(page).toHaveURL('/de#sign');

	await form.getByRole('checkbox', { name: /Ich willige ein/ }).check();
	// The proof-of-work ran in the background while she typed.
	await expect(form.locator('altcha-widget')).toContainText('Geprüft', { timeout: 15_000 });
	await form.getByRole('button', { name: 'Erklärung unterzeichnen' }).click();
	await expect(page).toHaveURL(`/de/statements/${SLUG}/check-your-inbox`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte sehen Sie in Ihr Postfach');
	await expect(page.getByText(/Spam/)).toBeVisible();
	expect(signatureRowsFor(EMAIL)).toMatchObject([{ state: 'pending', country: 'NO' }]);
	// Her browser did the proof-of-work. (Every test signs from 127.0.0.1, so a rate-limit flag may be there.)
	expect(JSON.parse(signatureRowsFor(EMAIL)[0].flags)).not.toContain('no_pow');

	const confirmation = await waitForMail(EMAIL);
	expect(confirmation.subject).toBe('Bitte bestätigen Sie Ihre Unterschrift');
	expect(confirmation.html).toContain('Unterschrift bestätigen');
	const confirmLink = linkIn(confirmation, 'confirm');

	// Opening the link (as a mail scanner would) changes nothing.
	const scanned = await request.get(confirmLink);
	expect(scanned.status()).toBe(200);
	await page.goto(confirmLink);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unterschrift bestätigen');
	// Which statement she confirms, and who issued it, before anything else.
	await expect(page.locator('.confirm-statement')).toContainText('Sie unterzeichnen');
	await expect(page.locator('.confirm-statement').getByRole('link', { name: TITLES.de })).toHaveAttribute('href', `/de/statements/${SLUG}`);
	await expect(page.locator('.confirm-statement')).toContainText('herausgegeben von Europäisches Aserbaidschan Zentrum e.V.');
	await expect(page.locator('dl')).toContainText('Ayla Məmmədova');
	// Every detail that will be kept, and whether it is public, before she confirms.
	await expect(page.locator('dl')).toContainText('Oslo (öffentlich gezeigt)');
	await expect(page.locator('dl')).toContainText('Neuigkeiten per E-Mail');
	expect(signatureRowsFor(EMAIL)[0].state).toBe('pending');
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(0);

	await page.getByRole('button', { name: 'Unterschrift bestätigen' }).click();
	await expect(page).toHaveURL(new RegExp(`/de/statements/${SLUG}/thank-you\\?receipt=[0-9a-f]{32}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank für Ihre Unterschrift');
	await expect(page.getByRole('link', { name: 'WhatsApp' })).toHaveAttribute('href', /wa\.me/);
	// The thank-you page names the statement with a way back, the count with her in it, and the latest names.
	expect(await page.getByRole('link', { name: TITLES.de }).evaluate((a: HTMLAnchorElement) => new URL(a.href).pathname)).toBe(`/de/statements/${SLUG}`);
	await expect(page.locator('.counter__figure')).toContainText('Unterschrift');
	await expect(page.getByRole('region', { name: 'Zuletzt unterzeichnet' })).toContainText('Ayla Məmmədova');
	await page.setViewportSize(PHONE);
	await page.screenshot({ path: test.info().outputPath('thank-you-de-phone.png'), fullPage: true });
	expect(signatureRowsFor(EMAIL)[0].state).toBe('confirmed');
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(1);

	// The link is spent.
	await page.goto(confirmLink);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link ist nicht gültig');

	// Listed under her full name, findable without the accents.
	await page.goto(`/de/statements/${SLUG}/signatories?q=memmedova&country=NO`);
	await expect(page.locator('.signatory-list li')).toHaveCount(1);
	await expect(page.locator('.signatory-list')).toContainText('Ayla Məmmədova');
	await expect(page.locator('.signatory-list')).toContainText('Oslo · Norwegen');
	// Or by the first letters of her surname, or any three letters of it, typed as on an Azerbaijani keyboard.
	for (const q of ['mə', 'MMƏD']) {
		await page.goto(`/de/statements/${SLUG}/signatories?q=${encodeURIComponent(q)}&country=NO`);
		await expect(page.locator('.signatory-list li'), q).toHaveCount(1);
	}

	// Her address is nowhere in public.
	for (const path of ['/de', `/en/statements/${SLUG}`, `/az/statements/${SLUG}/signatories`, `/api/v1/statements/${SLUG}`]) {
		const body = await (await request.get(path)).text();
		expect(body, path).not.toContain(EMAIL);
		expect(body, path).not.toContain('@example.org');
	}

	const thanks = await waitForMail(EMAIL, 2);
	expect(thanks.subject).toBe('Vielen Dank für Ihre Unterschrift');
	await page.goto(linkIn(thanks, 'withdraw'));
	await page.getByRole('button', { name: 'Unterschrift zurückziehen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Unterschrift wurde zurückgezogen');
	await expect.poll(() => countryCount(request, COUNTRY), COUNT_POLL).toBe(0);
	expect(signatureRowsFor(EMAIL)[0].state).toBe('withdrawn');
	const goodbye = await waitForMail(EMAIL, 3);
	expect(goodbye.subject).toBe('Ihre Unterschrift wurde zurückgezogen');
	expect(mailsTo(EMAIL)).toHaveLength(3);

	await page.goto(`/de/statements/${SLUG}/signatories?country=NO`);
	await expect(page.locator('.signatory-list li')).toHaveCount(0);
	await page.goto(`/de/statements/${SLUG}/signatories?q=memmedova&country=NO`);
	await expect(page.locator('.signatory-list li')).toHaveCount(0);
});
