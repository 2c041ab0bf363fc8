import { expect, test } from '@playwright/test';
import { signatureRowsFor } from './database';
import { SLUG } from './pages';

test('Rauf signs on a slow connection before the robot check has finished, and never sees it fail', async ({ page }) => {
	const email = 'rauf.signs.fast@example.org';
	// His connection is slow: the check's challenge arrives only after he has pressed the button twice
	// (held until then, not for a fixed time: on a loaded machine filling the form took longer than 4 s,
	// the check finished first, and the form went at once).
	let arrive = () => {};
	const arrived = new Promise<void>((resolve) => (arrive = resolve));
	await page.route('**/api/v1/altcha', async (route) => {
		const response = await route.fetch();
		await arrived;
		await new Promise((resolve) => setTimeout(resolve, 500));
		await route.fulfill({ response });
	});
	const states: string[] = [];
	await page.exposeFunction('noteCheckState', (state: string) => states.push(state));
	await page.goto(`/en/statements/${SLUG}/sign`);
	await page.locator('altcha-widget').evaluate((widget) =>
		widget.addEventListener('statechange', (event) => (window as unknown as { noteCheckState: (s: string) => void }).noteCheckState((event as CustomEvent<{ state: string }>).detail.state))
	);

	const form = page.locator('form[method="POST"]');
	await form.getByRole('textbox', { name: 'Full name' }).fill('Rauf Hüseynov');
	const startedAt = Date.now();
	await form.getByLabel('Email address').fill(email);
	await form.getByLabel('Country').selectOption('MT');
	await form.getByRole('checkbox', { name: /I agree/ }).check();
	// More than SIGN_MIN_FILL_SECONDS (1 s here) after he began, and the check is still running.
	await page.waitForTimeout(Math.max(0, 1100 - (Date.now() - startedAt)));
	expect(await form.locator('altcha-widget').evaluate((widget) => (widget as unknown as { getState(): string }).getState())).toBe('verifying');
	await form.getByRole('button', { name: 'Sign the statement' }).click();
	// The button says the form is on its way; he presses it again anyway: still one submission, with the check.
	await expect(form.getByRole('button', { name: 'Sending…' })).toBeVisible();
	await form.getByRole('button', { name: 'Sending…' }).click({ force: true });
	arrive();

	// The form waits for the check that is running, then goes by itself (his slow connection, the
	// check itself and the answer: on a slow CI machine with two workers this took longer than the usual 5 s).
	await expect(page).toHaveURL(`/en/statements/${SLUG}/check-your-inbox`, { timeout: 30_000 });
	expect(states).toContain('verified');
	expect(states).not.toContain('error');
	expect(signatureRowsFor(email)).toMatchObject([{ state: 'pending', country: 'MT' }]);
	expect(JSON.parse(signatureRowsFor(email)[0].flags)).not.toContain('no_pow');
});

test('Elvin signs with his browser filling in the form, faster than a person types, and his signature is kept', async ({ page }) => {
	const email = 'elvin.autofills@example.org';
	await page.goto(`/en/statements/${SLUG}/sign`);
	const form = page.locator('form[method="POST"]');
	// The page's scripts have run (the check's own code comes with the form's first focus).
	await page.waitForLoadState('networkidle');
	// One focus, everything filled at once, sent at once: well under SIGN_MIN_FILL_SECONDS (1 s here).
	await page.evaluate((address) => {
		const f = document.querySelector('form[method="POST"]') as HTMLFormElement;
		const set = (selector: string, value: string) => {
			const input = f.querySelector(selector) as HTMLInputElement;
			input.focus();
			input.value = value;
			input.dispatchEvent(new Event('input', { bubbles: true }));
		};
		set('#sign-name', 'Elvin Quliyev');
		set('#sign-email', address);
		set('#sign-country', 'CY');
		(f.querySelector('input[name=consent]') as HTMLInputElement).checked = true;
		(f.querySelector('button[type=submit]') as HTMLButtonElement).click();
	}, email);
	await expect(page).toHaveURL(`/en/statements/${SLUG}/check-your-inbox`);
	// The form held itself back until the server would take it for a person's.
	expect(signatureRowsFor(email)).toMatchObject([{ state: 'pending', country: 'CY' }]);
	expect(JSON.parse(signatureRowsFor(email)[0].flags)).not.toContain('no_pow');
});
