import { expect, test } from '@playwright/test';
import { waitForMail, linkIn } from './mailbox';
import { PHONE, SLUG } from './pages';
import { postSignature } from './signing';

const PEOPLE = [
	{ name: 'Aroha Ngata', country: 'NZ', countryName: 'New Zealand' },
	{ name: 'Camila Rojas', country: 'CL', countryName: 'Chile' },
	{ name: 'Lucía Pereira', country: 'UY', countryName: 'Uruguay' }
];

test('a journalist without JavaScript sees the line of signatures grow and the map after people from three countries sign', async ({ browser, request, baseURL }) => {
	test.setTimeout(120_000);
	const stamp = Date.now().toString(36);
	for (const person of PEOPLE) {
		const email = `${person.country.toLowerCase()}.${stamp}@example.org`;
		expect((await postSignature(request, baseURL!, 'en', { name: person.name, email, country: person.country })).status()).toBe(303);
		const confirm = await request.post(linkIn(await waitForMail(email), 'confirm'), { headers: { Origin: baseURL!, Accept: 'text/html' }, form: {}, maxRedirects: 0 });
		expect(confirm.status()).toBe(303);
	}

	const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
	const page = await context.newPage();
	await page.goto(`/en/statements/${SLUG}`);
	await page.getByRole('link', { name: 'Where and when people signed' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where and when people signed');

	// The counts are shared for a second: she may have to look again.
	const countries = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Country' }) });
	await expect(async () => {
		await page.reload();
		for (const person of PEOPLE) await expect(countries.getByRole('row', { name: new RegExp(`^${person.countryName} `) })).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 20_000 });

	// The running total is a line, the days and the last 72 hours are bars, each with its table.
	const total = page.getByRole('figure', { name: 'Signatures in total' });
	await expect(total.getByRole('img', { name: /Signatures in total/ })).toBeVisible();
	expect(await total.locator('path.stat-chart__line').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+/);
	await expect(page.getByRole('figure', { name: 'New signatures per day' }).locator('rect').first()).toBeAttached();
	const recent = page.getByRole('figure', { name: 'New signatures per hour, last 72 hours (UTC)' });
	await expect(recent.locator('rect').first()).toBeAttached();
	await recent.getByText('Show the figures as a table').click();
	await expect(recent.getByRole('row')).toHaveCount(73);

	// Each of the three countries is shaded on the map and named in its outline's title.
	const map = page.getByRole('img', { name: /World map/ });
	// (Countries no other story signs from: the counts here are of everyone the suite signed.)
	for (const person of PEOPLE) {
		const shape = map.locator('path').filter({ has: page.locator(`title:text-matches("^${person.countryName}: ")`) });
		await expect(shape).toHaveCount(1);
		expect(await shape.getAttribute('class')).toMatch(/world-map__level-[1-5]/);
	}
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
	await page.screenshot({ path: test.info().outputPath('statistics-en-phone.png'), fullPage: true });

	// In German, the countries are named in German.
	await page.goto(`/de/statements/${SLUG}/statistics`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wo und wann unterzeichnet wurde');
	await expect(page.getByRole('row', { name: /^Neuseeland / })).toBeVisible();
	await context.close();
});
