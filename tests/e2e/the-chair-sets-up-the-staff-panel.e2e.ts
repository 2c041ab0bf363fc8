import { expect, test, type Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { linkIn, waitForMail } from './mailbox';
import { COUNT_POLL, countryCount, postSignature } from './signing';
import { countRows } from './database';
import { PHONE, SLUG, TITLES } from './pages';
import { printedSetupLink, signIn, totpCode } from './staff';

// One story, in order: the first administrator exists only after the first step.
test.describe.configure({ mode: 'serial' });

const CHAIR = { name: 'Zaur Aliyev', email: 'chair@eaz.example', password: 'landmines must be cleared, all of them' };
let secret = '';

test.use({ locale: 'en-GB', timezoneId: 'Asia/Baku' });

/** Whether every element renders on one line (a code broken over two lines gives two boxes), its text inside its box. */
async function unbrokenLines(elements: Locator): Promise<boolean> {
	const fits = await elements.evaluateAll((all) =>
		all.map((e) => {
			const rects = e.getClientRects();
			const inner = document.createRange();
			inner.selectNodeContents(e);
			const text = inner.getBoundingClientRect();
			const box = (getComputedStyle(e).display === 'inline' ? e.parentElement! : e).getBoundingClientRect();
			return rects.length === 1 && text.left >= box.left - 0.5 && text.right <= box.right + 0.5;
		})
	);
	return fits.length > 0 && fits.every(Boolean);
}

test('the chair opens the printed setup link, chooses a password, enrols a second factor and reaches the dashboard', async ({ page }) => {
	const link = printedSetupLink();
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up the first administrator');
	await page.getByLabel('Your name').fill(CHAIR.name);
	await page.getByLabel('Email address').fill(CHAIR.email);
	await page.getByLabel('New password').fill('aaaaaaaaaaaaaaaa');
	await page.getByLabel('Repeat the password').fill('aaaaaaaaaaaaaaaa');
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page.getByRole('alert')).toHaveText('This password is too easy to guess. Please choose another.');

	await page.getByLabel('New password').fill(CHAIR.password);
	await page.getByLabel('Repeat the password').fill(CHAIR.password);
	await page.getByRole('button', { name: 'Create my account' }).click();

	await expect(page).toHaveURL('/admin/two-factor/setup');
	await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
	secret = (await page.locator('.secret-key').textContent())!.trim();
	// On a phone the key wraps between its groups of four, never inside one, and copies in one tap.
	await page.setViewportSize(PHONE);
	expect(await unbrokenLines(page.locator('.secret-key span'))).toBe(true);
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.getByRole('button', { name: 'Copy the key' }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret.replace(/\s+/g, ''));
	await page.screenshot({ path: test.info().outputPath('two-factor-setup-phone.png'), fullPage: true });
	await page.getByLabel('Six-digit code').fill('000000');
	await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
	await expect(page.getByRole('alert')).toHaveText('That code is not right. Please try again.');
	await page.getByLabel('Six-digit code').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Turn on two-step verification' }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your recovery codes');
	await expect(page.locator('.recovery-codes li')).toHaveCount(10);
	expect(await unbrokenLines(page.locator('.recovery-codes li'))).toBe(true);
	await page.getByRole('button', { name: 'Copy all codes' }).click();
	expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n')).toEqual(await page.locator('.recovery-codes li').allTextContents());
	await page.screenshot({ path: test.info().outputPath('recovery-codes-phone.png'), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.getByRole('link', { name: 'Continue to the dashboard' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
	await expect(page.getByText('Confirmed signatures').first()).toBeVisible();

	// The link worked once.
	await page.goto(link);
	await expect(page.getByText('This setup link is no longer valid.')).toBeVisible();
});

test('signing out makes the old cookie useless, and signing in again gives a new token', async ({ page, context, request }) => {
	const session = async () => (await context.cookies()).find((c) => c.name === 'staff_session')?.value;
	const asAdmin = (token: string) => request.get('/admin', { headers: { Cookie: `staff_session=${token}` }, maxRedirects: 0 });

	await signIn(page, CHAIR.email, CHAIR.password, secret);
	const first = (await session())!;
	expect((await asAdmin(first)).status()).toBe(200);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL('/admin/login');
	const afterLogout = await asAdmin(first);
	expect(afterLogout.status()).toBe(303);
	expect(afterLogout.headers()['location']).toMatch(/^\/admin\/login/);

	await signIn(page, CHAIR.email, CHAIR.password, secret);
	const second = (await session())!;
	expect(second).not.toBe(first);
	expect((await asAdmin(second)).status()).toBe(200);
	// Signing out is a POST: a link cannot do it.
	expect((await request.get('/admin/logout', { maxRedirects: 0 })).status()).toBe(405);
});

test('the chair invites a moderator by email, who signs in but may not manage staff', async ({ page, browser }) => {
	await signIn(page, CHAIR.email, CHAIR.password, secret);
	await page.getByRole('link', { name: 'Staff' }).click();
	await page.getByLabel('Name', { exact: true }).fill('Leyla Həsənova');
	await page.getByLabel('Email address').fill('leyla@eaz.example');
	await page.getByLabel('Role').selectOption('moderator');
	await page.getByLabel('Language of the invitation').selectOption('de');
	await page.getByRole('button', { name: 'Send the invitation' }).click();
	await expect(page.getByRole('status')).toHaveText('Invitation sent to leyla@eaz.example.');
	await expect(page.getByRole('row', { name: /Leyla Həsənova/ })).toContainText('Invitation pending');

	const invitation = await waitForMail('leyla@eaz.example');
	expect(invitation.subject).toBe('Einladung in die Verwaltung von Undersigned');
	const link = invitation.text.match(/http:\/\/\S+\/admin\/password\/[\w-]{32}/)![0];

	const context = await browser.newContext({ locale: 'en-GB' });
	const leyla = await context.newPage();
	await leyla.goto(link);
	await leyla.getByLabel('New password').fill('moderating with great care');
	await leyla.getByLabel('Repeat the password').fill('moderating with great care');
	await leyla.getByRole('button', { name: 'Save my password' }).click();
	await expect(leyla.getByRole('status')).toHaveText('Your password is saved. Sign in to continue.');
	await leyla.getByLabel('Email address').fill('leyla@eaz.example');
	await leyla.getByLabel('Password').fill('moderating with great care');
	await leyla.getByRole('button', { name: 'Sign in' }).click();
	await expect(leyla).toHaveURL('/admin/two-factor/setup');
	const leylaSecret = (await leyla.locator('.secret-key').textContent())!.trim();
	await leyla.getByLabel('Six-digit code').fill(totpCode(leylaSecret));
	await leyla.getByRole('button', { name: 'Turn on two-step verification' }).click();
	await leyla.getByRole('link', { name: 'Continue to the dashboard' }).click();
	await expect(leyla.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
	await expect(leyla.getByText('Leyla Həsənova · Moderator')).toBeVisible();
	await expect(leyla.getByRole('link', { name: 'Staff' })).toHaveCount(0);
	const adminOnly = panelRoutes().filter((r) => r.adminOnly);
	expect(adminOnly.map((r) => r.path)).toContain('/admin/staff');
	for (const route of adminOnly) {
		const refused = await leyla.goto(route.path);
		expect(refused?.status(), route.path).toBe(403);
		for (const action of route.actions) {
			const target = action === 'default' ? route.path : `${route.path}?/${action}`;
			const post = await leyla.request.post(target, { form: {}, headers: { Origin: new URL(leyla.url()).origin, Accept: 'text/html' }, maxRedirects: 0 });
			expect(post.status(), `POST ${target}`).toBe(403);
		}
	}
	const post = await leyla.request.post('/admin/staff?/invite', {
		form: { name: 'Someone', email: 'someone@eaz.example', role: 'admin' },
		headers: { Origin: new URL(leyla.url()).origin, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(post.status()).toBe(403);
	expect((await leyla.request.get('/admin/signatures/export.csv', { maxRedirects: 0 })).status()).toBe(403);
	await context.close();

	await page.reload();
	await expect(page.getByRole('row', { name: /Leyla Həsənova/ })).toContainText('Active');
});

test('the chair invalidates a spam wave by @domain after a preview, and undoes it from the audit log', async ({ page, request, baseURL }) => {
	// Three confirmed signatures from one domain, all in Luxembourg so the count is theirs alone.
	for (const who of ['one', 'two', 'three']) {
		const email = `${who}@spamwave.example`;
		expect((await postSignature(request, baseURL!, 'en', { name: `Wave ${who}`, email, country: 'LU' })).status()).toBe(303);
		const confirmLink = linkIn(await waitForMail(email), 'confirm');
		expect((await request.post(confirmLink, { form: {}, headers: { Origin: baseURL!, Accept: 'text/html' }, maxRedirects: 0 })).status()).toBe(303);
	}
	await expect.poll(() => countryCount(request, 'LU'), COUNT_POLL).toBe(3);

	await signIn(page, CHAIR.email, CHAIR.password, secret);
	await page.getByRole('navigation', { name: 'Staff panel' }).getByRole('link', { name: 'Signatures', exact: true }).click();
	await page.getByLabel('Name, email or @domain').fill('@spamwave.example');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByText('3 matching signatures')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Wave one' })).toBeVisible();
	// One of them, every value labelled, its times in her own time zone (her browser's: Baku, four hours east).
	await page.getByRole('link', { name: 'Wave one' }).click();
	const fact = (label: string) => page.locator('dt', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }).locator('+ dd');
	for (const label of ['Signed', 'Confirmed at', 'Language signed in', 'Text version signed (fingerprint)', 'Consent text version', 'Campaign updates by email']) {
		await expect(fact(label), label).not.toBeEmpty();
	}
	await expect(fact('Signed')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} GMT\+4$/);
	await expect(fact('Language signed in')).toHaveText('English');
	// Its buttons written like every other button of the panel: with a capital.
	const buttons = await page.locator('.inline-actions button').allTextContents();
	expect(buttons.length).toBeGreaterThan(0);
	for (const name of buttons) expect(name.trim(), name).toMatch(/^\p{Lu}/u);
	await page.goBack();
	await page.getByLabel('Action').selectOption('invalidate');
	await page.getByLabel('Reason (shown in the public ledger)').selectOption('automated');
	await page.getByLabel('Reason (kept in the audit log)').fill('spam wave from one domain');
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByText('This will invalidate: 3 signatures.')).toBeVisible();
	await page.getByRole('button', { name: 'Apply to 3 signatures' }).click();
	await expect(page.getByRole('status')).toContainText('Done: invalidate, 3 signatures.');
	await expect.poll(() => countryCount(request, 'LU'), COUNT_POLL).toBe(0);
	// The public ledger: three invalidations with their reason code (never the note), and the next signed head counts none in Luxembourg.
	const ledger = `/api/v1/statements/${SLUG}/ledger`;
	const { size } = (await (await request.get(`${ledger}/leaves?from=0&to=0`)).json()) as { size: number };
	const recent = (await (await request.get(`${ledger}/leaves?from=${Math.max(0, size - 500)}`)).json()) as { leaves: { data: string }[] };
	const leaves = recent.leaves.map((l) => JSON.parse(l.data) as { event: string; country: string; reason: string | null });
	expect(leaves.filter((l) => l.event === 'invalidate' && l.country === 'LU' && l.reason === 'automated')).toHaveLength(3);
	expect(JSON.stringify(leaves)).not.toContain('spam wave');
	await expect
		.poll(async () => {
			const { latest } = (await (await request.get(`/api/v1/statements/${SLUG}/ledger/heads`)).json()) as { latest: { body: string } };
			return JSON.parse(latest.body).counts.countries.LU?.signatures ?? 0;
		}, COUNT_POLL)
		.toBe(0);

	await page.getByRole('navigation', { name: 'Staff panel' }).getByRole('link', { name: 'Audit log' }).click();
	const row = page.getByRole('row', { name: /Invalidated signatures in bulk/ });
	await expect(row).toContainText('chair@eaz.example');
	// The change reads field by field, not as JSON.
	await expect(row).toContainText('Rule: q=@spamwave.example');
	await expect(row).toContainText('Reason: spam wave from one domain');
	await expect(row).not.toContainText('{"');
	// Each entry names what it is about in words, with a link where it still exists.
	await expect(row).toContainText('3 signatures in bulk');
	await expect(page.getByRole('link', { name: /^Staff: Leyla/ }).first()).toHaveAttribute('href', '/admin/staff');
	await expect(page.locator('.audit-table')).not.toContainText(/admin_user|signature \d/);
	await row.getByRole('button', { name: 'Undo' }).click();
	await expect(page.getByRole('status')).toHaveText('Undone for 3 signatures.');
	await expect.poll(() => countryCount(request, 'LU'), COUNT_POLL).toBe(3);
	await expect(page.getByRole('row', { name: /Undid a bulk action/ })).toBeVisible();
	// The log's filter offers what entries are about in words, not the codes of actions.
	await page.getByRole('search').getByLabel('Action').selectOption({ label: 'Signatures in bulk' });
	await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
	await expect(page.getByRole('row', { name: /Undid a bulk action/ })).toBeVisible();
	await expect(page.getByRole('row', { name: /Invited a colleague/ })).toHaveCount(0);
	await page.goto('/admin/audit');

	const csv = await page.request.get('/admin/signatures/export.csv');
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(await csv.text()).toContain('one@spamwave.example');
	await page.reload();
	await expect(page.getByRole('row', { name: /Downloaded the signatures/ })).toBeVisible();
	// Opened by its address, the list is rendered on the server alone (it sends no scripts).
	await page.goto('/admin/signatures?q=%40spamwave.example');
	await expect(page.getByRole('row', { name: /Wave two/ })).toContainText('two@spamwave.example');
	// Switching language keeps the search on screen.
	await page.getByRole('link', { name: 'Deutsch' }).click();
	await expect(page).toHaveURL('/admin/signatures?q=%40spamwave.example');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('row', { name: /Wave two/ })).toContainText('two@spamwave.example');
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page).toHaveURL('/admin/signatures?q=%40spamwave.example');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	// For the reviewer: the panel at desktop and phone width, in each language.
	for (const lang of ['en', 'de', 'az']) {
		await page.goto(`/language/${lang}?next=/admin/signatures`);
		for (const [width, size] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 375, height: 740 }]] as const) {
			await page.setViewportSize(size);
			for (const path of ['/admin', '/admin/signatures?q=%40spamwave.example&bulk=invalidate', '/admin/audit', '/admin/staff']) {
				await page.goto(path);
				if (path === '/admin/audit') {
					// Fields and the values the site has words for read in the moderator's language.
					const [rule, action, states] = { en: ['Rule', 'Action: invalidate', 'States: Confirmed'], de: ['Regel', 'Aktion: für ungültig erklären', 'Status: Bestätigt'], az: ['Qayda', 'Əməliyyat: etibarsız say', 'Statuslar: Təsdiqlənib'] }[lang]!;
					const bulk = page.getByRole('row', { name: /spamwave/ }).first();
					await expect(bulk).toContainText(`${rule}: q=@spamwave.example`);
					await expect(bulk).toContainText(action);
					await expect(page.getByRole('row', { name: /CSV/ }).first()).toContainText(states);
				}
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
				expect(overflow, `${path} scrolls sideways at ${width} width`).toBeLessThanOrEqual(0);
				const name = path.split('?')[0].replaceAll('/', '-').slice(1);
				await page.screenshot({ path: `tests/.artifacts/screenshots/${name}-${lang}-${width}.png`, fullPage: true });
			}
		}
	}
});

test('the chair drafts a statement, translates and opens it, edits the German text as a new version, then closes it', async ({ page, request, baseURL }) => {
	const slug = 'mine-victims-support';
	const fill = async (prefix: string, title: string, body: string) => {
		await page.locator(`#${prefix}-title`).fill(title);
		await page.locator(`#${prefix}-body`).fill(body);
		await page.locator(`#${prefix}-closing`).fill('Respectfully,');
		await page.locator(`#${prefix}-issuerName`).fill('European Azerbaijan Center e.V.');
		await page.locator(`#${prefix}-signatoryTitle`).fill('Chairman');
		await page.locator(`#${prefix}-issuedPlace`).fill('Münster');
	};
	await signIn(page, CHAIR.email, CHAIR.password, secret);
	await page.getByRole('navigation', { name: 'Staff panel' }).getByRole('link', { name: 'Statements' }).click();
	await page.getByLabel('Address (for example landmine-victims)').fill(slug);
	await page.getByLabel('Signatory', { exact: true }).fill('Zaur Aliyev');
	await page.getByLabel('Date of the statement').fill('2026-11-20');
	await fill('new', 'Support for mine victims', 'Mine victims need **lasting** support.\n\nA second paragraph.');
	await page.getByRole('button', { name: 'Create the draft' }).click();
	await expect(page).toHaveURL(`/admin/statements/${slug}`);
	expect((await request.get(`/en/statements/${slug}`)).status()).toBe(404);

	await page.getByLabel('State', { exact: true }).selectOption('open');
	await page.getByRole('button', { name: 'Save status, dates and goal' }).click();
	await expect(page.getByRole('alert')).toHaveText('The statement cannot open while a language has no text.');

	await fill('de', 'Unterstützung für Minenopfer', 'Minenopfer brauchen dauerhafte Unterstützung.\n\nErste Fassung.');
	await page.getByRole('button', { name: 'Save the Deutsch text' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');
	await fill('az', 'Mina qurbanlarına dəstək', 'Mina qurbanlarının davamlı dəstəyə ehtiyacı var.\n\nİkinci abzas.');
	await page.getByRole('button', { name: 'Save the Azərbaycanca text' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');
	for (const [lang, name, title] of [
		['ru', 'Русский', 'Поддержка жертв мин'],
		['tr', 'Türkçe', 'Mayın mağdurlarına destek'],
		['fr', 'Français', 'Soutien aux victimes des mines']
	]) {
		await fill(lang, title, `${title}.\n\nA second paragraph.`);
		await page.getByRole('button', { name: `Save the ${name} text` }).click();
		await expect(page.getByRole('status')).toHaveText('Saved.');
	}
	await page.getByLabel('State', { exact: true }).selectOption('open');
	await page.getByRole('button', { name: 'Save status, dates and goal' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');

	const publicDe = await (await request.get(`/de/statements/${slug}`)).text();
	expect(publicDe).toContain('Erste Fassung.');
	const en = await (await request.get(`/en/statements/${slug}`)).text();
	expect(en).toContain('<strong>lasting</strong>');

	// Someone signs the German text as it is now.
	const signed = await request.post(`/de/statements/${slug}/sign`, {
		form: { name: 'Early Signer', email: 'early.signer@example.org', country: 'AZ', display: 'full', consent: 'on' },
		headers: { Origin: baseURL!, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(signed.status()).toBe(303);
	const versionOf = (email: string) => countRows('SELECT count(*) FROM signature s JOIN statement_version v ON v.content_hash = s.version_hash WHERE s.email = ? AND v.superseded_at IS NULL', email);
	expect(versionOf('early.signer@example.org')).toBe(1);

	await page.reload();
	await page.locator('#de-body').fill('Minenopfer brauchen dauerhafte Unterstützung.\n\nZweite Fassung.');
	await page.getByRole('button', { name: 'Save the Deutsch text' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');
	expect(await (await request.get(`/de/statements/${slug}`)).text()).toContain('Zweite Fassung.');
	// The early signature still points at the text its signer saw, now superseded.
	expect(versionOf('early.signer@example.org')).toBe(0);
	expect(countRows('SELECT count(*) FROM signature s JOIN statement_version v ON v.content_hash = s.version_hash WHERE s.email = ?', 'early.signer@example.org')).toBe(1);

	await page.getByLabel('State', { exact: true }).selectOption('closed');
	await page.getByRole('button', { name: 'Save status, dates and goal' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');
	const sign = await request.get(`/en/statements/${slug}/sign`);
	expect(await sign.text()).toContain('This statement is closed and no longer accepts signatures.');
	const late = await request.post(`/en/statements/${slug}/sign`, {
		form: { name: 'Late Signer', email: 'late.signer@example.org', country: 'AZ', display: 'full', consent: 'on' },
		headers: { Origin: baseURL!, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(late.status()).toBe(409);
	expect(countRows('SELECT count(*) FROM signature WHERE email = ?', 'late.signer@example.org')).toBe(0);
});

test('the chair sees what is missing before going live, fills in the imprint in each language, and the public imprint shows it', async ({ page, request }) => {
	await signIn(page, CHAIR.email, CHAIR.password, secret);
	const checklist = page.getByRole('region', { name: 'Before you go live' });
	await expect(checklist).toBeVisible();
	// The signatures of the days so far, each day a narrow bar on a 30-day axis with its dates named.
	const chart = (await page.locator('svg.chart').boundingBox())!;
	const bars = await page.locator('svg.chart rect').evaluateAll((all) => all.map((r) => r.getBoundingClientRect().width));
	expect(bars.length).toBeGreaterThan(0);
	for (const width of bars) expect(width).toBeLessThan(chart.width / 30);
	await expect(page.locator('.chart__days span')).toHaveCount(3);
	// The panel's edges line up with the site's header and footer.
	const edges = async (selector: string) => {
		const box = (await page.locator(selector).first().boundingBox())!;
		return [Math.round(box.x), Math.round(box.x + box.width)];
	};
	const [left, right] = await edges('.admin');
	expect(Math.abs(left - (await edges('.site-brand'))[0])).toBeLessThanOrEqual(1);
	expect(Math.abs(right - (await edges('.site-footer__inner nav'))[1])).toBeLessThanOrEqual(1);
	await expect(checklist.getByRole('listitem').filter({ hasText: 'full postal address' })).toContainText('(to do)');
	await page.setViewportSize(PHONE);
	await page.screenshot({ path: test.info().outputPath('dashboard-go-live-phone.png'), fullPage: true });
	// Until then, the public imprint shows no empty field and no English word in German.
	const before = await (await request.get('/de/imprint')).text();
	expect(before).toContain('Zaur Aliyev, Vorsitzender');
	expect(before).not.toMatch(/Chairman|Germany|<dt>Registereintrag/);

	await checklist.getByRole('link', { name: 'Fill them in at Settings' }).click();
	const field = (name: string) => page.getByRole('group', { name });
	await field('Postal address').getByLabel('English').fill('Musterstraße 1\n48143 Münster\nGermany');
	await field('Postal address').getByLabel('Deutsch').fill('Musterstraße 1\n48143 Münster\nDeutschland');
	// A required field left empty (past the browser's own check): refused in words, and nothing typed is lost.
	await field('Represented by').getByLabel('English').fill('');
	await page.locator('form', { has: page.getByRole('button', { name: 'Save the settings' }) }).evaluate((form: HTMLFormElement) => (form.noValidate = true));
	await page.getByRole('button', { name: 'Save the settings' }).click();
	await expect(page.getByRole('alert')).toContainText('at least in English');
	await expect(field('Represented by').getByLabel('English')).toHaveAttribute('aria-invalid', 'true');
	await expect(field('Postal address').getByLabel('Deutsch')).toHaveValue('Musterstraße 1\n48143 Münster\nDeutschland');
	await field('Represented by').getByLabel('English').fill('Zaur Aliyev, Chairman');
	await field('Postal address').getByLabel('Azərbaycanca').fill('Musterstraße 1\n48143 Münster\nAlmaniya');
	await field('Postal address').getByLabel('Türkçe').fill('Musterstraße 1\n48143 Münster\nAlmanya');
	await field('Postal address').getByLabel('Français').fill('Musterstraße 1\n48143 Münster\nAllemagne');
	// Another language left empty shows the English words.
	await field('Postal address').getByLabel('Русский').fill('');
	await field('Register entry (court and number)').getByLabel('English').fill('District Court of Münster, VR 9999');
	await field('Register entry (court and number)').getByLabel('Deutsch').fill('Amtsgericht Münster, VR 9999');
	await field('Register entry (court and number)').getByLabel('Azərbaycanca').fill('Münster Yerli Məhkəməsi, VR 9999');
	await page.getByLabel('Contact email').fill('info@eaz.example');
	await page.getByLabel('Email for data protection requests').fill('datenschutz@eaz.example');
	await page.screenshot({ path: test.info().outputPath('settings-phone.png'), fullPage: true });
	await page.getByRole('button', { name: 'Save the settings' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');

	const imprint = await (await request.get('/de/imprint')).text();
	expect(imprint).toContain('Musterstraße 1');
	expect(imprint).toContain('Deutschland');
	expect(imprint).toContain('Amtsgericht Münster, VR 9999');
	expect(imprint).toContain('mailto:info@eaz.example');
	expect(await (await request.get('/az/imprint')).text()).toContain('Münster Yerli Məhkəməsi, VR 9999');
	expect(await (await request.get('/ru/imprint')).text()).toContain('48143 Münster');
	expect(await (await request.get('/en/privacy')).text()).toContain('mailto:datenschutz@eaz.example');
	// What the association had to fill in is done; what the server's operator sets remains.
	await page.goto('/admin');
	await expect(checklist.getByRole('listitem').filter({ hasText: 'full postal address' })).toContainText('(done)');
	await expect(checklist.getByRole('listitem').filter({ hasText: 'https://' })).toContainText('(to do)');

	// In Azerbaijani, the panel names the statements by their Azerbaijani titles.
	await page.goto('/admin/statements');
	await page.getByRole('link', { name: 'Azərbaycanca' }).click();
	await expect(page.getByRole('link', { name: TITLES.az })).toHaveAttribute('href', `/admin/statements/${SLUG}`);
	await page.getByRole('link', { name: TITLES.az }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES.az);
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES.en);
});

test('the chair makes a dossier in the panel, and it holds the signed count, an Azerbaijani name and the root hash anyone can check', async ({ page, browser, request, baseURL }) => {
	test.setTimeout(180_000);
	// A supporter signs in Azerbaijani, in full, with her city.
	const email = `gulnare.${Date.now().toString(36)}@example.org`;
	expect((await postSignature(request, baseURL!, 'az', { name: 'Gülnarə Şükürova', email, country: 'AZ', city: 'Şəki' })).status()).toBe(303);
	const confirm = linkIn(await waitForMail(email), 'confirm');
	expect((await request.post(confirm, { form: {}, headers: { Origin: baseURL!, Accept: 'text/html' }, maxRedirects: 0 })).status()).toBe(303);

	await signIn(page, CHAIR.email, CHAIR.password, secret);
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
	const { heads } = (await (await request.get(`/api/v1/statements/${SLUG}/ledger/heads`)).json()) as { heads: { rootHash: string; body: string }[] };
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
	const csvAddress = (await csvLink.getAttribute('href'))!;
	const csv = await request.get(csvAddress);
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
	await expect(page.getByRole('cell', { name: 'Downloaded a dossier' }).first()).toBeVisible();

	// A test run handed to nobody: the chair deletes its files (they name people); the record stays.
	await page.goto(`/admin/statements/${SLUG}/dossiers`);
	await page.getByRole('row').filter({ hasText: 'Azərbaycanca' }).first().getByRole('button', { name: 'Delete its files' }).click();
	await expect(page.getByRole('status')).toHaveText('The dossier’s files are deleted; its record stays in the list.');
	expect((await request.get(csvAddress)).status()).toBe(404);
});

test('the sixth wrong password within a minute is answered 429 with Retry-After, without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
	const page = await context.newPage();
	const statuses: number[] = [];
	let retryAfter: string | undefined;
	for (let i = 0; i < 6; i++) {
		await page.goto('/admin/login');
		await page.getByLabel('Email address').fill('someone@eaz.example');
		await page.getByLabel('Password').fill(`wrong password number ${i}`);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Sign in' }).click()
		]);
		statuses.push(response.status());
		retryAfter = response.headers()['retry-after'];
	}
	expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
	expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
	await expect(page.getByRole('alert')).toContainText('Too many attempts.');
	await context.close();
});

/** Every page of the panel, from the route tree (route groups do not appear in addresses). */
type PanelRoute = { path: string; actions: string[]; adminOnly: boolean };
/** The actions a page module exports: "default" or the names inside `export const actions = { … }`. */
function actionNames(server: string): string[] {
	const block = server.split('export const actions')[1];
	if (!block) return [];
	return [...block.matchAll(/^\t(\w+): /gm)].map((m) => m[1]);
}
function panelRoutes(dir = 'src/routes/admin/(panel)', prefix = '/admin'): PanelRoute[] {
	const routes: PanelRoute[] = [];
	const files = readdirSync(dir);
	if (files.some((f) => f.startsWith('+page.'))) {
		const server = files.includes('+page.server.ts') ? readFileSync(join(dir, '+page.server.ts'), 'utf8') : '';
		routes.push({ path: prefix, actions: actionNames(server), adminOnly: /requireStaff\(event, 'admin'\)/.test(server) });
	}
	for (const entry of files) {
		if (!statSync(join(dir, entry)).isDirectory()) continue;
		const segment = entry.startsWith('(') ? '' : `/${entry.replace(/^\[(\w+)(=\w+)?\]$/, '1')}`;
		routes.push(...panelRoutes(join(dir, entry), `${prefix}${segment}`));
	}
	return routes;
}

test('without a session, every panel page sends people to sign in and gives away nothing', async ({ request, baseURL }) => {
	const routes = panelRoutes();
	expect(routes.length).toBeGreaterThan(5);
	expect(routes.flatMap((r) => r.actions).length).toBeGreaterThan(8);
	// The sign-in steps after the password need a session too.
	for (const path of ['/admin/two-factor', '/admin/two-factor/setup']) {
		const response = await request.get(path, { maxRedirects: 0 });
		expect(response.status(), path).toBe(303);
		expect(response.headers()['location'], path).toBe('/admin/login');
	}
	const exported = await request.get('/admin/signatures/export.csv', { maxRedirects: 0 });
	expect(exported.status()).toBe(303);
	expect(exported.headers()['location']).toMatch(/^\/admin\/login/);
	for (const { path, actions } of routes) {
		const page = await request.get(path, { maxRedirects: 0 });
		expect(page.status(), path).toBe(303);
		expect(page.headers()['location'], path).toMatch(/^\/admin\/login/);
		const data = await request.get(`${path === '/admin' ? '/admin' : path}/__data.json`, { maxRedirects: 0 });
		expect(await data.text(), `${path}/__data.json`).toMatch(/"type":"redirect".*\/admin\/login/);
		for (const action of actions) {
			const target = action === 'default' ? path : `${path}?/${action}`;
			const post = await request.post(target, { headers: { Origin: baseURL!, Accept: 'text/html' }, form: {}, maxRedirects: 0 });
			expect(post.status(), `POST ${target}`).toBe(303);
			expect(post.headers()['location'], `POST ${target}`).toMatch(/^\/admin\/login/);
		}
	}
});
