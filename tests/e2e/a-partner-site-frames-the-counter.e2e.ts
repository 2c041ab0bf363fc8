import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { LOCALES, SLUG } from './pages';
import { testPort } from './servers';

const PARTNER_PORT = testPort(4179);

test('a partner site frames the live counter in its language, and no other page can be framed', async ({ page, baseURL }) => {
	mkdirSync('tests/.artifacts/screenshots', { recursive: true });
	const response = await page.request.get(`/embed/${SLUG}?lang=de`);
	expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors \*/);
	expect(response.headers()['set-cookie']).toBeUndefined();
	const html = await response.text();
	expect(html).toContain('<html lang="de"');
	expect(html).not.toMatch(/<script[\s>]/);
	expect(html).toContain('Lesen und unterzeichnen');

	// A partner's page on another origin: a real little server on a loopback address.
	const partner = createServer((_, res) => {
		res.setHeader('Content-Type', 'text/html; charset=utf-8');
		res.end(`<!doctype html><iframe id="counter" src="${baseURL}/embed/${SLUG}?lang=az" width="340" height="260" title="counter"></iframe>
			<iframe id="statement" src="${baseURL}/en/statements/${SLUG}" width="340" height="200" title="statement"></iframe>`);
	});
	await new Promise<void>((resolve) => partner.listen(PARTNER_PORT, '127.0.0.1', resolve));
	await page.setViewportSize({ width: 420, height: 700 });
	try {
		await page.goto(`http://127.0.0.1:${PARTNER_PORT}/news`);
		const counter = page.frameLocator('#counter');
		await expect(counter.getByRole('heading', { level: 1 })).toContainText('Azərbaycanın minalarla');
		await expect(counter.getByRole('link', { name: 'Oxuyun və imzalayın' })).toHaveAttribute('target', '_blank');
		// The statement page refuses to be framed: the frame stays without it.
		await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-error:'))).toBe(true);
		await expect(page.frameLocator('#statement').getByRole('heading', { level: 1 })).toHaveCount(0);
	} finally {
		partner.close();
	}

	// At the size README gives (340 × 260), in every language, with a goal and its bar: everything in the frame, the button too.
	for (const lang of LOCALES) {
		await page.setViewportSize({ width: 340, height: 260 });
		await page.goto(`/embed/${SLUG}?lang=${lang}`);
		await page.locator('.counter').evaluate((counter) => {
			// What a goal adds (the statement here has none): its bar and the line under it.
			counter.insertAdjacentHTML('beforeend', '<div class="counter__bar"><div class="counter__fill" style="width: 40%"></div></div><p class="counter__goal">Ziel: 10.000 · 40 % erreicht</p>');
		});
		const button = (await page.getByRole('link', { name: /./ }).last().boundingBox())!;
		expect(button.y + button.height, `${lang}: the sign button inside the frame`).toBeLessThanOrEqual(260);
		expect(await page.evaluate(() => document.documentElement.scrollHeight), lang).toBeLessThanOrEqual(260);
		await page.screenshot({ path: `tests/.artifacts/screenshots/embed-${lang}-340.png` });
	}
});
