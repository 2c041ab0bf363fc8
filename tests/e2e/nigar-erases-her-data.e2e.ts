import { expect, test } from '@playwright/test';
import { countRows } from './database';
import { linkIn, mailsTo, waitForMail } from './mailbox';
import { COUNT_POLL, countryCount, postSignature } from './signing';

test('Nigar asks for her data from the privacy page, gets a copy by email, then erases it', async ({ page, request, baseURL }) => {
	const email = 'nigar.erases@example.org';
	expect((await postSignature(request, baseURL!, 'az', { name: 'Nigar Quliyeva', email, country: 'GE' })).status()).toBe(303);
	const confirmLink = linkIn(await waitForMail(email), 'confirm');
	await request.post(confirmLink, { form: {}, headers: { Origin: baseURL!, Accept: 'text/html' } });
	await expect.poll(() => countryCount(request, 'GE'), COUNT_POLL).toBe(1);

	await page.goto('/az/privacy');
	await page.getByRole('link', { name: 'Saxladığımız məlumatlara baxın və ya onları silin' }).click();
	await page.getByLabel('E-poçt ünvanı').fill(email);
	await page.getByRole('button', { name: 'Keçidi göndər' }).click();
	await expect(page.getByRole('status')).toContainText('keçid artıq yoldadır');

	const request1 = await waitForMail(email, 3);
	expect(request1.subject).toBe('Məlumatlarınızla bağlı sorğunuz');
	const dataLink = request1.text.match(/http:\/\/\S+\/my-data\/[\w-]{32}/)![0];
	await page.goto(dataLink);
	await expect(page.locator('dl').first()).toContainText('Nigar Quliyeva');
	await page.getByRole('button', { name: 'Surəti e-poçtla göndər (JSON)' }).click();
	const copy = await waitForMail(email, 4);
	expect(copy.subject).toBe('Məlumatlarınızın surəti');
	expect(copy.text).toContain('"name": "Nigar Quliyeva"');

	await page.getByRole('button', { name: 'Məlumatlarımı sil' }).click();
	await expect(page.getByRole('status')).toHaveText('Məlumatlarınız silindi. İmzalar geri götürüldü və artıq sayılmır.');
	await expect.poll(() => countryCount(request, 'GE'), COUNT_POLL).toBe(0);
	expect(countRows('SELECT count(*) FROM signature WHERE email = ? OR name = ?', email, 'Nigar Quliyeva')).toBe(0);
	expect(mailsTo(email)).toHaveLength(4);
	// An address nobody signed with gets the same answer.
	await page.goto('/en/my-data');
	await page.getByLabel('Email address').fill('never.signed@example.org');
	await page.getByRole('button', { name: 'Send me the link' }).click();
	await expect(page.getByRole('status')).toContainText('If we store anything under this address');
});
