import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { linkIn, waitForMail } from './mailbox';
import { PHONE, SLUG } from './pages';
import { postSignature } from './signing';
import { newStaffMember } from './staff';

type Head = { treeSize: number; rootHash: string; body: string };

test('the chair makes a dossier in the panel, and it holds the signed count, an Azerbaijani name and the root hash anyone can check', async ({ browser, request, baseURL }) => {
	test.setTimeout(180_000);
	// A supporter signs in Azerbaijani, in full, with her city.
	const email = `gulnare.${Date.now().toString(36)}@example.org`;
	expect((await postSignature(request, baseURL!, 'az', { name: 'Gülnarə Şükürova', email, country: 'AZ', city: 'Şəki' })).status()).toBe(303);
	const confirm = linkIn(await waitForMail(email), 'confirm');
	expect((await request.post(confirm, { form: {}, headers: { Origin: baseURL!, Accept: 'text/html' }, maxRedirects: 0 })).status()).toBe(303);

	const { context, page } = await newStaffMember(browser, { email: `chair.${Date.now().toString(36)}@eaz.example`, name: 'Zaur Əliyev', role: 'admin' });
	await page.goto(`/admin/statements/${SLUG}`);
	await page.getByRole('link', { name: 'Dossiers for the addressees' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dossiers');
	// The English text is always in; German and Azerbaijani are offered, ticked.
	await expect(page.getByLabel('English (authoritative, always included)')).toBeDisabled();
	await expect(page.getByLabel('Azərbaycanca')).toBeChecked();
	await page.getByLabel('Deutsch').uncheck();
	await page.getByRole('button', { name: 'Make the dossier' }).click();
	await expect(page.getByRole('status')).toHaveText('The dossier is being made. This page shows its progress.');
	await page.screenshot({ path: test.info().outputPath('dossiers-making.png'), fullPage: true });
	// The page follows the work by itself; the server answers meanwhile (the dossier is made in a child process).
	const row = page.getByRole('row').filter({ hasText: 'Azərbaycanca' }).first();
	await expect(row).toContainText('Ready', { timeout: 90_000 });
	expect((await request.get(`/en/statements/${SLUG}`)).status()).toBe(200);
	await page.screenshot({ path: test.info().outputPath('dossiers-ready.png'), fullPage: true });

	const download = page.waitForEvent('download');
	await row.getByRole('link', { name: 'PDF' }).click();
	const pdf = test.info().outputPath('dossier.pdf');
	await (await download).saveAs(pdf);
	const printedHash = (await row.locator('code.hash').textContent())!.trim();
	expect(createHash('sha256').update(readFileSync(pdf)).digest('hex')).toBe(printedHash);

	const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
	const flat = text.replace(/\s+/g, '');
	// The head it shows is one the ledger published, and the cover's count is that head's.
	const { heads } = (await (await request.get(`/api/v1/statements/${SLUG}/ledger/heads`)).json()) as { heads: Head[] };
	const head = heads.find((h) => flat.includes(h.rootHash));
	expect(head, 'the root hash of a published head').toBeTruthy();
	const counts = JSON.parse(head!.body).counts as { signatures: number; organizations: number };
	expect(text).toMatch(new RegExp(`\\b${counts.signatures.toLocaleString('en-GB')}\\s+verified signatures? from`));
	expect(text).toContain('Gülnarə Şükürova, Şəki');
	expect(text).toContain('The statement in Azərbaycanca');
	expect(text).not.toContain('The statement in Deutsch');
	expect(text).not.toContain(email);

	// Its pages as images, to be looked at.
	execFileSync('pdftoppm', ['-r', '60', '-png', pdf, test.info().outputPath('page')]);
	expect(readdirSync(test.info().outputDir).filter((f) => f.startsWith('page')).length).toBeGreaterThanOrEqual(10);

	// The public data file the dossier names, downloadable by anyone from the ledger page, is the one whose SHA-256 it prints.
	const reader = await browser.newPage();
	await reader.setViewportSize(PHONE);
	await reader.goto(`/az/statements/${SLUG}/ledger`);
	const csvLink = reader.getByRole('link', { name: 'CSV' }).last();
	const csv = await request.get((await csvLink.getAttribute('href'))!);
	expect(csv.status()).toBe(200);
	const csvBytes = await csv.body();
	expect(flat).toContain(createHash('sha256').update(csvBytes).digest('hex'));
	expect(csvBytes.toString('utf8')).toContain('Gülnarə Şükürova');
	expect(csvBytes.toString('utf8')).not.toContain('@');
	await reader.screenshot({ path: test.info().outputPath('ledger-dossiers-az.png'), fullPage: true });
	expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
	await reader.close();

	// The PDF itself is the administrators' alone.
	const anonymous = await request.get(`/admin/statements/${SLUG}/dossiers/1.pdf`, { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	// Asking for it is in the audit log.
	await page.goto('/admin/audit?action=dossier.');
	await expect(page.getByRole('cell', { name: 'Asked for a dossier' }).first()).toBeVisible();
	await context.close();
});
