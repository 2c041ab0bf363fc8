import { expect, test } from '@playwright/test';
import { LOCALES, publicPages, SLUG } from './pages';

/** A robots.txt rule as Google reads it: a path prefix where * is anything and a final $ the end. */
const rule = (path: string) => new RegExp(`^${path.replace(/[.?+^()[\]{}|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\\\$$|\$$/, '$')}`);

test('a search engine finds every public page in each language, and none reached through a personal link or a form', async ({ request, baseURL }) => {
	const robots = await (await request.get('/robots.txt')).text();
	const disallowed = [...robots.matchAll(/^Disallow: (.+)$/gm)].map((m) => rule(m[1]));
	const blocked = (path: string) => disallowed.some((r) => r.test(path));
	expect(robots).toContain(`Sitemap: ${baseURL}/sitemap.xml`);

	const sitemap = await request.get('/sitemap.xml');
	expect(sitemap.headers()['content-type']).toContain('application/xml');
	const listed = [...(await sitemap.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
	for (const lang of LOCALES) {
		for (const path of [`/${lang}`, `/${lang}/privacy`, `/${lang}/imprint`, ...['', '/signatories', '/organizations', '/endorse', '/ledger', '/statistics'].map((p) => `/${lang}/statements/${SLUG}${p}`)]) {
			expect(listed, path).toContain(path);
		}
	}

	for (const path of listed) {
		expect(blocked(path), `${path} is listed and disallowed`).toBe(false);
		const response = await request.get(path);
		expect(response.status(), path).toBe(200);
		const html = await response.text();
		const lang = path.split('/')[1];
		const meta = (attribute: string, name: string) => html.match(new RegExp(`<meta ${attribute}="${name}" content="([^"]*)"`))?.[1];
		expect(html, path).toMatch(new RegExp(`<link rel="canonical" href="${baseURL}${path}"/?>`));
		expect(meta('name', 'description')?.length ?? 0, path).toBeGreaterThan(40);
		expect(meta('property', 'og:title'), path).toBeTruthy();
		expect(meta('property', 'og:description'), path).toBe(meta('name', 'description'));
		expect(meta('property', 'og:url'), path).toBe(`${baseURL}${path}`);
		expect(meta('property', 'og:locale'), path).toBe({ en: 'en_GB', de: 'de_DE', az: 'az_AZ', ru: 'ru_RU', tr: 'tr_TR', fr: 'fr_FR' }[lang]);
		// A statement's pages show its picture when shared; the others a plain card.
		const statements = path.includes('/statements/') || path === `/${lang}`;
		expect(meta('name', 'twitter:card'), path).toBe(statements ? 'summary_large_image' : 'summary');
		expect(meta('property', 'og:image'), path).toBe(statements ? `${baseURL}/${lang}/statements/${SLUG}/share.png` : undefined);
		expect(html, path).not.toContain('content="noindex"');
		for (const alt of LOCALES) expect(html, path).toContain(`hreflang="${alt}" href="${baseURL}/${alt}${path.slice(3)}"`);
		expect(html, path).toContain('hreflang="x-default"');
	}

	// The descriptions are in the page's language.
	const described = async (path: string) => (await (await request.get(path)).text()).match(/<meta name="description" content="([^"]*)"/)![1];
	expect(await described(`/de/statements/${SLUG}/signatories`)).toContain('mitgezeichnet');
	expect(await described(`/az/privacy`)).toContain('hüquqlarınız');

	// Pages behind a personal link, the forms and what follows them: described, never indexed, and disallowed.
	const personal = ['sign', 'check-inbox', 'thank-you', 'endorse-check-inbox', 'ledger-check', 'endorsement-confirm-invalid', 'endorsement-withdraw-invalid', 'confirm-invalid', 'withdraw-invalid', 'unsubscribe-invalid', 'my-data'];
	for (const lang of LOCALES) {
		for (const page of publicPages(lang).filter((p) => personal.includes(p.name))) {
			expect(blocked(page.path), page.path).toBe(true);
			const html = await (await request.get(page.path)).text();
			expect(html, page.path).toMatch(/<meta name="robots" content="noindex"\/?>/);
			expect(html, page.path).toMatch(/<meta name="description" content="[^"]{40,}"/);
			expect(html, page.path).not.toContain('og:url');
			expect(listed, page.path).not.toContain(page.path);
		}
	}
	expect(blocked('/admin/login')).toBe(true);
	expect(blocked(`/en/statements/${SLUG}/ledger?receipt=${'0'.repeat(32)}`), 'links from mails sent before the check had its own page').toBe(true);
});
