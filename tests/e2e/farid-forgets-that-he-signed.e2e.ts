import { expect, test } from '@playwright/test';
import { receiptOf } from './database';
import { linkIn, mailsTo, waitForMail } from './mailbox';
import { PHONE, SLUG } from './pages';
import { COUNT_POLL, countryCount, postSignature } from './signing';

test('Farid forgets that he signed, signs again on his phone in Russian, and an email tells him he is counted already', async ({ page, request, baseURL }) => {
	test.setTimeout(120_000);
	const email = `farid.${Date.now().toString(36)}@example.org`;
	// Weeks ago, on his computer: signed and confirmed.
	expect((await postSignature(request, baseURL!, 'en', { name: 'Farid Əliyev', email, country: 'UZ' })).status()).toBe(303);
	await request.post(linkIn(await waitForMail(email), 'confirm'), { form: {}, headers: { Origin: baseURL!, Accept: 'text/html' } });
	const thanks = await waitForMail(email, 2);
	const receipt = receiptOf(email);
	await expect.poll(() => countryCount(request, 'UZ'), COUNT_POLL).toBe(1);

	// Today, on his phone, in Russian, with the address typed another way.
	await page.setViewportSize(PHONE);
	await page.goto(`/ru/statements/${SLUG}/sign`);
	const form = page.locator('form[method="POST"]');
	await form.getByRole('textbox', { name: 'Полное имя' }).fill('Фарид Алиев');
	await form.getByLabel('Адрес электронной почты').fill(email.toUpperCase());
	await form.getByLabel('Страна').selectOption('UZ');
	await form.getByRole('checkbox', { name: /Я согласен/ }).check();
	// More than SIGN_MIN_FILL_SECONDS (1 s here) after he began.
	await page.waitForTimeout(1100);
	await form.getByRole('button', { name: 'Подписать заявление' }).click();
	// The page every signer sees: it does not say whether the address had signed.
	await expect(page).toHaveURL(`/ru/statements/${SLUG}/check-your-inbox`, { timeout: 30_000 });
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Проверьте свою почту');
	await page.screenshot({ path: test.info().outputPath('check-your-inbox-ru.png'), fullPage: true });

	// The email that page promises: in Russian, to the name he signed with first, with his receipt.
	const reminder = await waitForMail(email, 3);
	expect(reminder.subject).toBe('Вы уже подписали заявление');
	expect(reminder.text).toContain('Здравствуйте, Farid Əliyev!');
	expect(reminder.text).toContain(receipt);
	expect(reminder.text).toContain(`/ru/statements/${SLUG}/ledger/check?receipt=${receipt}`);
	expect(reminder.text).not.toContain('/confirm/');
	// The same withdrawal link as in his thank-you email, and it still works.
	expect(linkIn(reminder, 'withdraw').split('/').pop()).toBe(linkIn(thanks, 'withdraw').split('/').pop());
	// Nothing changed: counted once, under the name he gave first.
	expect(await countryCount(request, 'UZ')).toBe(1);
	await page.goto(linkIn(reminder, 'withdraw'));
	await expect(page.getByRole('button', { name: 'Отозвать мою подпись' })).toBeVisible();
	expect(mailsTo(email)).toHaveLength(3);
});
