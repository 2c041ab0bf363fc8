import { expect, test } from '@playwright/test';
import { SLUG } from './pages';

// Every route that accepts a POST (form actions and endpoints). The check runs only in production builds.
const TARGETS = [
	`/en/statements/${SLUG}/sign`,
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
	'/admin/audit?/undo',
	'/admin/staff?/invite',
	'/admin/staff?/update',
	'/admin/statements?/create',
	'/admin/statements/x?/settings',
	'/admin/statements/x?/text',
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
