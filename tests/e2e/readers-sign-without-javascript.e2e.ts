import { expect, test } from '@playwright/test';
import { countRows, signatureRowsFor } from './database';
import { linkIn, waitForMail } from './mailbox';
import { SLUG } from './pages';
import { COUNT_POLL, countryCount } from './signing';

const PEOPLE = [
	{ lang: 'en', name: 'Emma Clarke', country: 'IS', submit: 'Sign the statement', consent: /I agree/, confirm: 'Confirm my signature', thanks: 'Thank you for signing' },
	{ lang: 'de', name: 'Jonas Weber', country: 'FI', submit: 'Erklärung unterzeichnen', consent: /Ich willige ein/, confirm: 'Unterschrift bestätigen', thanks: 'Vielen Dank für Ihre Unterschrift' },
	{ lang: 'az', name: 'Rəşad Quliyev', country: 'EE', submit: 'Bəyanatı imzala', consent: /razıyam/, confirm: 'İmzamı təsdiqlə', thanks: 'İmzanız üçün təşəkkür edirik' }
] as const;

for (const person of PEOPLE) {
	test(`${person.name} signs and confirms in ${person.lang} with JavaScript turned off`, async ({ browser, request }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		const email = `nojs.${person.lang}@example.org`;

		await page.goto(`/${person.lang}/statements/${SLUG}`);
		const form = page.locator('form[method="POST"]');
		// The server refuses a form without consent and keeps what was typed.
		await form.locator('input[name="name"]').fill(person.name);
		await form.locator('input[name="email"]').fill(email);
		await form.locator('select[name="country"]').selectOption(person.country);
		await form.getByRole('button', { name: person.submit }).click();
		await expect(page).toHaveURL(`/${person.lang}/statements/${SLUG}/sign`);
		await expect(page.getByRole('alert')).toBeVisible();
		await expect(page.locator('input[name="name"]')).toHaveValue(person.name);
		await expect(page.locator('input[name="email"]')).toHaveValue(email);
		expect(signatureRowsFor(email)).toEqual([]);

		await page.getByRole('checkbox', { name: person.consent }).check();
		await page.locator('input[name="updates"]').check();
		await page.getByRole('button', { name: person.submit }).click();
		await expect(page).toHaveURL(`/${person.lang}/statements/${SLUG}/check-your-inbox`);
		await expect(page.locator('html')).toHaveAttribute('lang', person.lang);
		// No JavaScript, no proof-of-work: kept, and marked for the moderators.
		expect(JSON.parse(signatureRowsFor(email)[0].flags)).toContain('no_pow');

		const mail = await waitForMail(email);
		expect(mail.headers['list-unsubscribe-post']).toContain('List-Unsubscribe=One-Click');
		await page.goto(linkIn(mail, 'confirm'));
		await page.getByRole('button', { name: person.confirm }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(person.thanks);
		await expect.poll(() => countryCount(request, person.country), COUNT_POLL).toBe(1);

		// Their mail program's "Unsubscribe" button posts from another site; one click is enough.
		const oneClick = mail.headers['list-unsubscribe'].match(/<(http[^>]+)>/)![1];
		const response = await request.post(oneClick, {
			form: { 'List-Unsubscribe': 'One-Click' },
			headers: { Origin: 'https://mail.provider.example' }
		});
		expect(response.status()).toBe(200);
		expect(countRows('SELECT updates_opt_in FROM signature WHERE email = ?', email)).toBe(0);
		await context.close();
	});
}
