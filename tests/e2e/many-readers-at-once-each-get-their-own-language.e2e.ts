import { expect, test } from '@playwright/test';
import { LOCALES, SKIP_LINK, TITLES } from './pages';

const REQUESTS = 300;

test('300 readers at once, in three languages, each get their own', async ({ baseURL }) => {
	// Plain fetch from the test process: every request is in flight at the same time against the
	// built server. Each asks a different search or filter, so that the shared page cache
	// (server.js) has nothing to give and every one is rendered while the others are.
	const responses = await Promise.all(
		Array.from({ length: REQUESTS }, async (_, i) => {
			const lang = LOCALES[i % LOCALES.length];
			const path = i % 2 ? `/${lang}/statements/mine-contaminated-areas/signatories?q=reader${i}` : `/${lang}/statements/mine-contaminated-areas/organizations?after=reader${i}`;
			const response = await fetch(`${baseURL}${path}`, { headers: { 'Accept-Language': LOCALES[(i + 1) % 3] } });
			// Filtered lists are shared pages; a name search is made for its reader alone.
			if (path.includes('/organizations')) expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate/);
			else expect(response.headers.get('cache-control') ?? '').not.toMatch(/public/);
			return { lang, status: response.status, html: await response.text() };
		})
	);

	const wrong = responses.filter(({ lang, status, html }) => {
		const htmlLang = html.match(/<html lang="(\w+)"/)?.[1];
		return (
			status !== 200 ||
			htmlLang !== lang ||
			!html.includes(`>${TITLES[lang]}</a>`) ||
			!html.includes(`>${SKIP_LINK[lang]}</a>`) ||
			LOCALES.some((other) => other !== lang && html.includes(`>${SKIP_LINK[other]}</a>`))
		);
	});
	expect(responses).toHaveLength(REQUESTS);
	expect(wrong.map((w) => w.lang)).toEqual([]);
});
