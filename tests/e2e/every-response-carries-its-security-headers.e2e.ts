import { expect, test } from '@playwright/test';
import { LOCALES, publicPages } from './pages';

test('every page, JSON answer, redirect and file carries the security headers', async ({ request, page }) => {
	const paths = [
		...LOCALES.flatMap((lang) => publicPages(lang).map((p) => p.path)),
		'/',
		'/admin',
		'/admin/signatures',
		'/admin/endorsements',
		'/admin/endorsements/1',
		'/admin/endorsements/export.csv',
		'/admin/two-factor',
		`/admin/setup/${'a'.repeat(32)}`,
		'/healthz',
		'/api/v1/statements/mine-contaminated-areas',
		'/api/v1/statements/mine-contaminated-areas/organizations',
		`/logos/${'0'.repeat(64)}.webp`,
		'/api/v1/altcha',
		'/robots.txt',
		'/sitemap.xml',
		'/embed/mine-contaminated-areas?lang=de'
	];
	// And a hashed file of the build, as the browser loads it.
	await page.goto('/en');
	const asset = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"], script[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src'))[0]);
	paths.push(new URL(asset!, 'http://localhost/en').pathname);

	for (const path of paths) {
		const response = await request.get(path, { maxRedirects: 0 });
		const h = response.headers();
		expect(h['x-content-type-options'], path).toBe('nosniff');
		if (path.startsWith('/_app/')) {
			if (path.includes('/immutable/')) expect(h['cache-control'], path).toContain('immutable');
			continue;
		}
		const csp = h['content-security-policy'] ?? '';
		// Only the counter made for other sites may be framed.
		expect(csp, path).toMatch(path.startsWith('/embed/') ? /frame-ancestors \*/ : /frame-ancestors 'none'/);
		expect(csp, path).not.toMatch(/unsafe-eval|https?:\/\//);
		expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
		expect(h['permissions-policy'], path).toContain('camera=()');
		if ((h['content-type'] ?? '').includes('text/html') && response.status() === 200) {
			expect(csp, path).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
		}
	}
	expect(paths.length).toBeGreaterThan(40);
});
