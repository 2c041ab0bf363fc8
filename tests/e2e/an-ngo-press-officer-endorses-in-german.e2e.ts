import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { mkdirSync, readFileSync } from 'node:fs';
import { endorsementRows, logoRows, logoWithHiddenScript, postEndorsement } from './endorsing';
import { waitForMail } from './mailbox';
import { LOCALES, PHONE, SLUG, TITLES } from './pages';
import { SERVERS, serverLogOf } from './servers';
import { newStaffMember } from './staff';

// One story, in order: the endorsement the moderator approves is the one Jana sent.
test.describe.configure({ mode: 'serial' });

const JANA = { name: 'Jana Becker', email: 'jana.becker@minenhilfe-rheinland.example' };
const ORG = 'Minenhilfe Rheinland e.V.';
const SCRIPT = '<script>alert("logo")</script>';
const SHOTS = 'tests/.artifacts/screenshots';
let moderator: Page;

test.use({ locale: 'de-DE' });

test.beforeAll(async ({ browser }) => {
	mkdirSync(SHOTS, { recursive: true });
	({ page: moderator } = await newStaffMember(browser, { email: 'farid@eaz.example', name: 'Farid Quliyev', role: 'moderator' }));
});

test('Jana, press officer of a German NGO, endorses in German with the logo and confirms from the email', async ({ page }) => {
	await page.goto(`/de/statements/${SLUG}`);
	await page.getByRole('link', { name: 'Als Organisation unterstützen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Als Organisation unterstützen');

	await page.getByLabel('Name der Organisation').fill(ORG);
	await page.getByLabel('Art der Organisation').selectOption({ label: 'NGO oder Verein' });
	await page.getByLabel('Land', { exact: true }).selectOption('DE');
	await page.getByLabel(/^Ort/).fill('Bonn');
	await page.getByLabel(/^Website/).fill('minenhilfe-rheinland.example');
	// City and website side by side with their boxes level; the logo picker speaks German, whatever the browser's language.
	const [city, website] = await Promise.all([page.getByLabel(/^Ort/).boundingBox(), page.getByLabel(/^Website/).boundingBox()]);
	if (city!.x !== website!.x) expect(Math.abs(city!.y + city!.height - (website!.y + website!.height))).toBeLessThanOrEqual(1);
	await expect(page.locator('.file-picker__button')).toHaveText('Logo auswählen');
	await expect(page.locator('.file-picker__name')).toHaveText('Keine Datei ausgewählt');
	await page.getByLabel(/^Logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: await logoWithHiddenScript(SCRIPT) });
	await expect(page.locator('.file-picker__name')).toHaveText('logo.png');
	await page.getByLabel(/^Unterstützungserklärung/).fill('Wir räumen seit 1998 Minen.\n\nJedes Opfer ist eines zu viel.');
	await expect(page.getByText('59 von 500 Zeichen')).toBeVisible();
	await page.getByLabel('Name der Ansprechperson').fill(JANA.name);
	await page.getByLabel('Funktion in der Organisation').fill('Pressesprecherin');
	await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(JANA.email);
	await page.getByLabel('Ich bin berechtigt').check();
	await page.getByLabel('Ich bin einverstanden').check();
	// The proof-of-work started when the form got focus; a person takes longer than it does.
	await expect(page.locator('altcha-widget')).toContainText('Geprüft', { timeout: 15_000 });
	await page.waitForTimeout(1000);
	await page.screenshot({ path: `${SHOTS}/endorse-filled-de-desktop.png`, fullPage: true });
	await page.getByRole('button', { name: 'Unterstützung absenden' }).click();

	await expect(page).toHaveURL(`/de/statements/${SLUG}/endorse/check-your-inbox`);
	await expect(page.getByText('Wir haben der Ansprechperson eine E-Mail geschickt.')).toBeVisible();
	expect(endorsementRows(JANA.email)).toBe(1);

	const mail = await waitForMail(JANA.email);
	expect(mail.subject).toBe('Bitte bestätigen Sie die Unterstützung Ihrer Organisation');
	const confirm = mail.text.match(/http:\/\/\S+\/de\/endorsement\/confirm\/[\w-]{32}/)?.[0];
	expect(confirm).toBeTruthy();
	expect(mail.text).toMatch(/\/de\/endorsement\/withdraw\/[\w-]{32}/);

	await page.goto(confirm!);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unterstützung bestätigen');
	await expect(page.getByText(ORG)).toBeVisible();
	// Which statement, and what of it the public will see (the logo too) and what never.
	await expect(page.locator('.confirm-statement')).toContainText('Ihre Organisation unterstützt');
	await expect(page.locator('.confirm-statement')).toContainText(TITLES.de);
	await expect(page.getByRole('heading', { name: 'Öffentlich sichtbar, sobald der Verein zugestimmt hat' })).toBeVisible();
	await expect(page.locator('img.confirm-logo')).toHaveJSProperty('complete', true);
	await expect(page.getByRole('heading', { name: 'Nie öffentlich sichtbar' })).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('endorsement-confirm-de.png'), fullPage: true });
	await page.getByRole('button', { name: 'Unterstützung bestätigen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danke: Die Adresse ist bestätigt');
	expect((await waitForMail(JANA.email, 2)).subject).toBe('Wir haben die Unterstützung Ihrer Organisation erhalten');

	// Not public before a moderator has looked at it.
	await page.goto(`/de/statements/${SLUG}`);
	await expect(page.getByText(ORG)).toHaveCount(0);
});

test('a moderator approves it after reading the signals; the logo and name appear on the statement page and in the API', async ({ page, request }) => {
	await moderator.goto('/admin/endorsements');
	const row = moderator.getByRole('row', { name: new RegExp(ORG) });
	await expect(row).toContainText("Email at the website's domain");
	await expect(row).toContainText(JANA.email);
	await moderator.screenshot({ path: `${SHOTS}/admin-endorsements-queue-en-desktop.png`, fullPage: true });
	await row.getByRole('link', { name: ORG }).click();
	await expect(moderator.getByRole('heading', { level: 1 })).toHaveText(ORG);
	await moderator.screenshot({ path: `${SHOTS}/admin-endorsement-en-desktop.png`, fullPage: true });
	await moderator.getByRole('button', { name: 'Approve and publish' }).click();
	await expect(moderator.getByRole('status')).toHaveText('Published. The contact person has been told.');
	expect((await waitForMail(JANA.email, 3)).subject).toBe('Ihre Organisation unterstützt die Erklärung jetzt öffentlich');

	const wall = page.getByRole('region', { name: 'Organisationen, die diese Erklärung unterstützen' });
	const link = wall.getByRole('link', { name: ORG });
	await expect(async () => {
		await page.goto(`/de/statements/${SLUG}`);
		await expect(link).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 10_000 });
	await expect(link).toHaveAttribute('href', 'https://minenhilfe-rheinland.example/');
	await expect(link).toHaveAttribute('rel', 'noopener nofollow ugc');
	const src = await wall.locator('.endorser', { hasText: ORG }).locator('img').getAttribute('src');
	expect(src).toMatch(/^\/logos\/[0-9a-f]{64}\.webp$/);
	await wall.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/statement-wall-de-desktop.png`, fullPage: true });

	// The logo: the app's own WebP, redrawn without the script, cached for ever, never sniffed.
	const logo = await request.get(src!);
	expect(logo.status()).toBe(200);
	expect(logo.headers()['content-type']).toBe('image/webp');
	expect(logo.headers()['x-content-type-options']).toBe('nosniff');
	expect(logo.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
	const bytes = await logo.body();
	expect(bytes.toString('latin1')).not.toContain('script');
	const meta = await sharp(bytes).metadata();
	expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 256]);

	const statement = await (await request.get(`/api/v1/statements/${SLUG}`)).json();
	expect(statement.organizations.count).toBeGreaterThanOrEqual(1);
	expect(statement.organizations.newest.map((o: { name: string }) => o.name)).toContain(ORG);
	const list = await (await request.get(`/api/v1/statements/${SLUG}/organizations?country=DE&type=ngo`)).json();
	const listed = list.organizations.find((o: { name: string }) => o.name === ORG);
	expect(listed).toMatchObject({ type: 'ngo', country: 'DE', city: 'Bonn', website: 'https://minenhilfe-rheinland.example/' });
	expect(listed.logo).toMatch(/^http:\/\/localhost:\d+\/logos\/[0-9a-f]{64}\.webp$/);
	expect(Object.keys(listed).sort()).toEqual(['approvedAt', 'city', 'country', 'logo', 'name', 'support', 'type', 'website']);

	await page.goto(`/de/statements/${SLUG}/organizations?country=DE&type=ngo`);
	await expect(page.getByRole('link', { name: ORG })).toBeVisible();
	await expect(page.getByText('Jedes Opfer ist eines zu viel.')).toBeVisible();
	await page.setViewportSize(PHONE);
	await page.screenshot({ path: `${SHOTS}/organizations-filled-de-phone.png`, fullPage: true });
	await page.goto(`/de/statements/${SLUG}/organizations?type=media`);
	await expect(page.getByText('Keine Organisation passt zu diesen Filtern.')).toBeVisible();
});

test("the contact person's name and email appear nowhere public", async ({ request }) => {
	const paths = LOCALES.flatMap((lang) => [
		`/${lang}`,
		`/${lang}/statements/${SLUG}`,
		`/${lang}/statements/${SLUG}/organizations`,
		`/${lang}/statements/${SLUG}/signatories`
	]);
	paths.push(`/api/v1/statements/${SLUG}`, `/api/v1/statements/${SLUG}/organizations`);
	for (const path of paths) {
		const body = await (await request.get(path)).text();
		if (!path.endsWith('/signatories')) expect(body, path).toContain(ORG);
		expect(body, path).not.toContain(JANA.email);
		expect(body, path).not.toContain(JANA.name);
		expect(body, path).not.toContain('Pressesprecherin');
	}
});

test('a rejected organization is told the reason by email, in its language', async ({ browser, baseURL }) => {
	// Sent without JavaScript, in English, by someone at a free-mail address.
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
	const page = await context.newPage();
	const contact = 'shadow.ngo.2026@gmail.com';
	await page.goto(`/en/statements/${SLUG}/endorse`);
	await page.getByLabel('Name of the organization').fill('Shadow Relief Network');
	await page.getByLabel('Kind of organization').selectOption('ngo');
	await page.getByLabel('Country', { exact: true }).selectOption('FR');
	await page.getByLabel("Contact person's name").fill('Max Mustermann');
	await page.getByLabel('Role in the organization').fill('Director');
	await page.getByLabel('Email address', { exact: true }).fill(contact);
	await page.getByLabel('I am authorised').check();
	await page.getByLabel('I agree').check();
	await page.getByRole('button', { name: 'Send the endorsement' }).click();
	await expect(page).toHaveURL(`/en/statements/${SLUG}/endorse/check-your-inbox`);
	const confirm = (await waitForMail(contact)).text.match(/http:\/\/\S+\/en\/endorsement\/confirm\/[\w-]{32}/)![0];
	await page.goto(confirm);
	await page.getByRole('button', { name: 'Confirm the endorsement' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you: the address is confirmed');
	await context.close();

	await moderator.goto('/admin/endorsements');
	const row = moderator.getByRole('row', { name: /Shadow Relief Network/ });
	await expect(row).toContainText('Free-mail address');
	await expect(row).toContainText('No website given');
	await expect(row).toContainText('no proof-of-work');
	await row.getByRole('link', { name: 'Shadow Relief Network' }).click();
	await moderator.getByRole('button', { name: 'Reject' }).click();
	await expect(moderator.getByRole('alert')).toHaveText('Please choose a reason.');
	await moderator.getByLabel('Reason (sent to the contact person in their language)').selectOption('unverifiable');
	await moderator.getByLabel('Your own words').fill('We found no register entry and no website.');
	await moderator.getByRole('button', { name: 'Reject' }).click();
	await expect(moderator.getByRole('status')).toHaveText('Rejected. The contact person has been told why.');
	await expect(moderator.getByText('Rejected an organization')).toBeVisible();

	const rejection = await waitForMail(contact, 3);
	expect(rejection.subject).toBe("We could not publish your organization's endorsement");
	expect(rejection.text).toContain('Reason: We could not verify that the organization exists as described.');
	expect(rejection.text).toContain('We found no register entry and no website.');
	const api = await (await moderator.request.get(`${baseURL}/api/v1/statements/${SLUG}/organizations`)).text();
	expect(api).not.toContain('Shadow Relief Network');

	// How the panel reads in each language, on a phone and a desk. The audit log gives the reason
	// in the words the contact person read, not as its identifier.
	const detail = new URL(moderator.url()).pathname;
	const reasonInAudit: Record<string, string> = {
		en: 'Reason: We could not verify that the organization exists as described.',
		de: 'Grund: Wir konnten nicht prüfen, dass die Organisation wie angegeben besteht.',
		az: 'Səbəb: Təşkilatın göstərildiyi kimi mövcud olduğunu yoxlaya bilmədik.'
	};
	for (const lang of Object.keys(reasonInAudit)) {
		await moderator.goto(`/language/${lang}?next=/admin/endorsements`);
		await moderator.goto(`/admin/audit?action=endorsement.reject&subject=${detail.split('/').pop()}`);
		const logged = moderator.getByRole('row').filter({ hasText: 'We found no register entry and no website.' });
		await expect(logged).toContainText(reasonInAudit[lang]);
		await expect(logged).not.toContainText('unverifiable');
		await moderator.setViewportSize(PHONE);
		await moderator.screenshot({ path: `${SHOTS}/admin-audit-rejected-${lang}-phone.png`, fullPage: true });
		for (const [width, viewport] of [['phone', PHONE], ['desktop', { width: 1280, height: 900 }]] as const) {
			await moderator.setViewportSize(viewport);
			await moderator.goto('/admin/endorsements?state=all');
			await moderator.screenshot({ path: `${SHOTS}/admin-endorsements-${lang}-${width}.png`, fullPage: true });
			await moderator.goto(detail);
			await moderator.screenshot({ path: `${SHOTS}/admin-endorsement-rejected-${lang}-${width}.png`, fullPage: true });
		}
	}
	await moderator.goto('/language/en?next=/admin');
});

test('an SVG, a text file renamed .png and an oversized file are each refused with a clear message, and nothing is stored', async ({ browser, request, baseURL }) => {
	const before = logoRows();
	const tries = [
		{
			email: 'svg@evil.example',
			logo: { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="99" height="99"><script>alert(1)</script></svg>') },
			message: 'SVG-Dateien können nicht angenommen werden. Bitte laden Sie das Logo als PNG, JPEG oder WebP hoch.'
		},
		{
			email: 'text@evil.example',
			logo: { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('Dies ist eine Textdatei.\n'.repeat(40)) },
			message: 'Diese Datei ist kein PNG-, JPEG- oder WebP-Bild. Bitte wählen Sie das Logo in einem dieser Formate.'
		},
		{
			email: 'big@evil.example',
			logo: { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.alloc(2.2 * 1024 * 1024, 1) },
			message: 'Die Logo-Datei ist größer als 2 MB. Bitte wählen Sie eine kleinere Datei.'
		}
	];
	for (const attempt of tries) {
		const response = await postEndorsement(request, baseURL!, 'de', { name: 'Evil Org', contactName: 'Eve Evil', contactEmail: attempt.email }, attempt.logo);
		expect(response.status(), attempt.logo.name).toBe(400);
		expect(await response.text()).toContain(attempt.message);
		expect(endorsementRows(attempt.email)).toBe(0);
	}

	// Over the route's 2.5 MB: the endorse page itself answers 413 and says why.
	const huge = await postEndorsement(request, baseURL!, 'de', { name: 'Evil Org', contactName: 'Eve Evil', contactEmail: 'huge@evil.example' }, {
		name: 'photo.jpg',
		mimeType: 'image/jpeg',
		buffer: Buffer.alloc(6 * 1024 * 1024, 7)
	});
	expect(huge.status()).toBe(413);
	const page413 = await huge.text();
	expect(page413).toContain('<html lang="de"');
	expect(page413).toContain('Es wurde nichts gesendet: Das Formular mit der Datei war größer als 2,5 MB.');
	expect(endorsementRows('huge@evil.example')).toBe(0);
	expect(logoRows()).toBe(before);

	// With JavaScript, the browser names a wrong file at once, before anything is sent.
	const context = await browser.newContext({ locale: 'de-DE', viewport: PHONE });
	const page = await context.newPage();
	await page.goto(`/de/statements/${SLUG}/endorse`);
	const fileError = page.locator('#endorse-logo-error');
	// The page's script may still be starting after the load event: a file chosen before it runs is
	// only checked on sending, so choose again until the check answers.
	await expect(async () => {
		await page.getByLabel(/^Logo/).setInputFiles(tries[0].logo);
		await expect(fileError).toHaveText(tries[0].message, { timeout: 1000 });
	}).toPass();
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.getByLabel(/^Logo/).setInputFiles(tries[2].logo);
	await expect(fileError).toHaveText(tries[2].message);
	await page.getByRole('button', { name: 'Unterstützung absenden' }).click();
	const summary = page.getByRole('alert');
	await expect(summary).toContainText('Bitte geben Sie den Namen der Organisation ein.');
	await expect(summary).toContainText('Ohne sie können wir die Unterstützung nicht speichern.');
	await expect(summary).toContainText(tries[2].message);
	await page.screenshot({ path: `${SHOTS}/endorse-errors-de-phone.png`, fullPage: true });
	await context.close();
	expect(logoRows()).toBe(before);
});

test('Jana withdraws the endorsement with the link from her email, and it disappears', async ({ page, request }) => {
	const before = (await (await request.get(`/api/v1/statements/${SLUG}`)).json()).organizations.count;
	const withdraw = (await waitForMail(JANA.email, 3)).text.match(/http:\/\/\S+\/de\/endorsement\/withdraw\/[\w-]{32}/)![0];
	await page.goto(withdraw);
	await expect(page.getByText(`Möchten Sie die Unterstützung durch ${ORG} zurückziehen?`)).toBeVisible();
	await page.getByRole('button', { name: 'Unterstützung zurückziehen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Die Unterstützung ist zurückgezogen');
	// Public pages and JSON are shared for a moment (PAGE_CACHE_SECONDS), then show the change.
	await expect.poll(async () => (await (await request.get(`/api/v1/statements/${SLUG}`)).json()).organizations.count).toBe(before - 1);
	expect(await (await request.get(`/api/v1/statements/${SLUG}`)).text()).not.toContain(ORG);
	expect((await waitForMail(JANA.email, 4)).subject).toBe('Die Unterstützung Ihrer Organisation ist zurückgezogen');
	const moderatorExport = await moderator.request.get('/admin/endorsements/export.csv', { maxRedirects: 0 });
	expect(moderatorExport.status()).toBe(403);

	// With real mail, the server's log never holds a contact's address or a link's token.
	const log = readFileSync(serverLogOf(SERVERS.main), 'utf8');
	expect(log).not.toContain(JANA.email);
	expect(log).not.toMatch(/endorsement\/(confirm|withdraw)\/[\w-]{32}/);
	expect(log).not.toContain('127.0.0.1');
});
