import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SLUG } from './pages';

// Every route that accepts a POST (form actions and endpoints). The check runs only in production builds.
const TARGETS = [
	`/en/statements/${SLUG}/sign`,
	`/en/statements/${SLUG}/endorse`,
	`/en/endorsement/confirm/${'a'.repeat(32)}`,
	`/en/endorsement/withdraw/${'a'.repeat(32)}`,
	`/en/confirm/${'a'.repeat(32)}`,
	`/en/withdraw/${'a'.repeat(32)}`,
	`/en/unsubscribe/${'a'.repeat(32)}`,
	'/en/my-data',
	`/en/my-data/${'a'.repeat(32)}?/copy`,
	`/en/my-data/${'a'.repeat(32)}?/erase`,
	'/admin/login',
	`/admin/setup/${'a'.repeat(32)}`,
	`/admin/password/${'a'.repeat(32)}`,
	'/admin/two-factor',
	'/admin/two-factor/setup',
	'/admin/logout',
	'/admin/signatures?/bulk',
	'/admin/signatures?/undo',
	'/admin/signatures/1',
	'/admin/endorsements/1?/review',
	'/admin/endorsements/1?/edit',
	'/admin/audit?/undo',
	'/admin/staff?/invite',
	'/admin/staff?/update',
	'/admin/statements?/create',
	'/admin/statements/x?/settings',
	'/admin/statements/x?/text',
	'/admin/statements/x/dossiers?/make',
	'/admin/statements/x/dossiers?/delete',
	'/admin/statements/x/dossiers?/sign',
	'/admin/settings'
];

const CONTENT_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=XyZ',
	'text/plain',
	'Application/X-WWW-Form-Urlencoded',
	'MULTIPART/FORM-DATA; boundary=XyZ',
	'text/plain;charset=UTF-8',
	' application/x-www-form-urlencoded ',
	'application/x-www-form-urlencoded;charset=utf-8'
];

test('cross-site posts are refused on every action, whatever the content type is called', async ({ request, baseURL }) => {
	// The same post from the site itself is let through (and fails for its own reasons), so 403 means the origin.
	const own = await request.post('/admin/login', {
		headers: { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
		data: 'email=nobody%40example.org&password=x',
		maxRedirects: 0
	});
	expect(own.status()).toBe(400);

	let checked = 0;
	for (const target of TARGETS) {
		for (const contentType of CONTENT_TYPES) {
			const body = contentType.toLowerCase().includes('multipart')
				? '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nEvil\r\n--XyZ--\r\n'
				: 'name=Evil&email=evil%40example.org&country=AZ&consent=on';
			const response = await request.post(target, {
				headers: { Origin: 'https://evil.example', 'Content-Type': contentType, Accept: 'text/html' },
				data: body,
				maxRedirects: 0
			});
			expect(response.status(), `${contentType} → ${target}`).toBe(403);
			checked++;
		}
	}
	expect(checked).toBe(TARGETS.length * CONTENT_TYPES.length);
});

/** Every route module that takes a POST, as an address pattern ([param] matches one segment). */
function postRoutes(dir = 'src/routes', prefix = ''): { pattern: RegExp; actions: string[] }[] {
	const found: { pattern: RegExp; actions: string[] }[] = [];
	const files = readdirSync(dir);
	const pattern = new RegExp(`^${prefix.replace(/\[[^\]]+\]/g, '[^/?]+') || '/'}(\\?|$)`);
	for (const file of ['+page.server.ts', '+server.ts'].filter((f) => files.includes(f))) {
		const code = readFileSync(join(dir, file), 'utf8');
		if (file === '+server.ts' && /export const POST/.test(code)) found.push({ pattern, actions: ['POST'] });
		const block = code.split('export const actions')[1];
		if (block) found.push({ pattern, actions: [...block.matchAll(/^\t(\w+): /gm)].map((m) => m[1]) });
	}
	for (const entry of files) {
		if (!statSync(join(dir, entry)).isDirectory()) continue;
		const segment = entry.startsWith('(') ? '' : `/${entry}`;
		found.push(...postRoutes(join(dir, entry), `${prefix}${segment}`));
	}
	return found;
}

test('the list above covers every action and POST endpoint of the app', () => {
	const routes = postRoutes();
	expect(routes.length).toBeGreaterThan(15);
	const missing = routes
		// The one-click unsubscribe endpoint is for mail providers' servers, which send no Origin (see server.js).
		.filter((r) => !r.pattern.test('/api/v1/unsubscribe/x'))
		.flatMap((r) => r.actions.map((action) => ({ pattern: r.pattern, action })))
		.filter(({ pattern, action }) => !TARGETS.some((t) => pattern.test(t) && (['default', 'POST'].includes(action) || t.endsWith(`?/${action}`))));
	expect(missing.map((m) => `${m.pattern.source} ${m.action}`)).toEqual([]);
});
