import { expect, test } from '@playwright/test';
import { SLUG } from './pages';
import { newStaffMember } from './staff';

test('a returning reader gets "not modified" for a page they have, in either encoding', async ({ baseURL }) => {
	for (const path of [`/de/statements/${SLUG}`, `/az/statements/${SLUG}/signatories`, `/en/statements/${SLUG}/organizations`]) {
		for (const encoding of ['gzip', 'identity']) {
			// The first reader's copy is made for them; the second one is the shared copy (server.js).
			await fetch(`${baseURL}${path}`, { headers: { 'Accept-Encoding': encoding } });
			const first = await fetch(`${baseURL}${path}`, { headers: { 'Accept-Encoding': encoding } });
			const etag = first.headers.get('etag');
			expect(first.status, path).toBe(200);
			expect(first.headers.get('content-encoding') ?? 'identity', path).toBe(encoding);
			expect(etag, `${path} ${encoding}`).toMatch(encoding === 'gzip' ? /^"[^"]+-gz"$/ : /^"[^"-]+"$/);
			expect(first.headers.get('cache-control'), path).toMatch(/^public, max-age=\d+/);

			const again = await fetch(`${baseURL}${path}`, { headers: { 'Accept-Encoding': encoding, 'If-None-Match': etag! } });
			expect(again.status, `${path} ${encoding}`).toBe(304);
			expect(await again.text()).toBe('');
		}
	}
});

test("a moderator's pages are never stored, so they carry nothing to revalidate", async ({ browser, baseURL }) => {
	const { context, page } = await newStaffMember(browser, { email: 'sevda@eaz.example', name: 'Sevda Həsənova', role: 'moderator' });
	for (const path of ['/admin', '/admin/signatures?q=%40example.org', '/admin/endorsements']) {
		const response = await page.goto(`${baseURL}${path}`);
		expect(response?.status(), path).toBe(200);
		const headers = await response!.allHeaders();
		expect(headers['cache-control'], path).toBe('no-store');
		expect(headers['etag'], path).toBeUndefined();
	}
	// Signed out, the sign-in page is not stored either.
	const login = await fetch(`${baseURL}/admin/login`);
	expect(login.headers.get('cache-control')).toBe('no-store');
	expect(login.headers.get('etag')).toBeNull();
	await context.close();
});
