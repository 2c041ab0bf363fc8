import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DESKTOP, LOCALES, PHONE, publicPages } from './pages';

// Every public page of a language, each checked by axe: minutes on a slow machine.
test.setTimeout(300_000);

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

for (const [width, viewport] of [
	['phone', PHONE],
	['desktop', DESKTOP]
] as const) {
	for (const lang of LOCALES) {
		test(`no WCAG 2.2 A/AA violation on any ${lang} page at ${width} width`, async ({ browser }) => {
			const context = await browser.newContext({ viewport, locale: lang });
			const page = await context.newPage();
			for (const { path, status } of publicPages(lang)) {
				const response = await page.goto(path);
				expect(response?.status(), path).toBe(status);
				const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
				const summary = results.violations.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}`);
				expect(summary, path).toEqual([]);
			}
			await context.close();
		});
	}
}

test('a keyboard user can skip to the statement', async ({ page }) => {
	await page.goto('/en');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);
});
