import { expect, test } from '@playwright/test';
import { countRows, signatureRowsFor } from './database';
import { mailsTo } from './mailbox';
import { postSignature } from './signing';

test('spellings of one address give one row and the very same page', async ({ request, baseURL }) => {
	const variants = ['Rashad.Variant+one@gmail.com', 'rashadvariant@googlemail.com', 'RASHADVARIANT+x@GMAIL.com'];
	const pages: string[] = [];
	for (const email of variants) {
		const response = await postSignature(request, baseURL!, 'en', { name: 'Rashad Variant', email });
		expect(response.status()).toBe(303);
		const location = response.headers()['location'];
		pages.push(location + (await (await request.get(location)).text()));
	}
	expect(new Set(pages).size).toBe(1);
	expect(signatureRowsFor('rashadvariant@gmail.com')).toHaveLength(1);
});

test('50 signatures sent at once with one address give one row', async ({ request, baseURL }) => {
	const email = 'parallel.person@example.org';
	const responses = await Promise.all(
		Array.from({ length: 50 }, () => postSignature(request, baseURL!, 'de', { name: 'Parallel Person', email }))
	);
	expect(responses.map((r) => r.status())).toEqual(Array(50).fill(303));
	expect(signatureRowsFor(email)).toHaveLength(1);
	// However often the form is sent: at most three confirmation emails a day to one address, and
	// one only when the form comes without the proof-of-work (as here, without JavaScript).
	expect(countRows("SELECT count(*) FROM mail_outbox WHERE \"to\" = ? AND template = 'confirm'", email)).toBe(1);
	await expect.poll(() => mailsTo(email).length, { timeout: 15_000 }).toBe(1);
	expect(signatureRowsFor(email)[0].flags).toContain('mail_capped');
});

test('a bot that fills the hidden field is told it succeeded, and nothing is stored', async ({ request, baseURL }) => {
	const email = 'honeypot.bot@example.org';
	const response = await postSignature(request, baseURL!, 'en', { name: 'Bot Bot', email, website: 'http://spam.example' });
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toMatch(/check-your-inbox$/);
	expect(signatureRowsFor(email)).toEqual([]);
});

const INVALID = [
	['name too short', { name: 'A' }, 'Please enter your name (at least 2 characters).'],
	['name with a control character', { name: 'Ayla\u0007 M' }, 'Your name contains invisible or control characters.'],
	['name with a bidi override', { name: 'Ayla \u202Egnirts' }, 'Your name contains invisible or control characters.'],
	['name with a zero-width space', { name: 'Ay\u200Bla M' }, 'Your name contains invisible or control characters.'],
	['name starting like a formula', { name: '=cmd|calc' }, 'Your name cannot start with =, +, -, or @.'],
	['name with a link', { name: 'Ayla https://spam.example' }, 'Please enter your name without a web address.'],
	['name too long', { name: 'x'.repeat(121) }, 'at most 120 characters'],
	['email without a domain', { email: 'ayla@' }, 'Please enter a valid email address'],
	['email too long', { email: `${'a'.repeat(250)}@example.org` }, 'This email address is too long'],
	['unknown country', { country: 'XX' }, 'Please choose your country.'],
	['no consent', { consent: '' }, 'Please tick the box to give your consent.']
] as const;

for (const [what, fields, message] of INVALID) {
	test(`a ${what} is refused with a clear message and stores nothing`, async ({ request, baseURL }) => {
		const email = `invalid.${what.replace(/\W+/g, '-')}@example.org`;
		const response = await postSignature(request, baseURL!, 'en', { name: 'Valid Name', email, ...fields });
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain(message);
		expect(countRows('SELECT count(*) FROM signature WHERE email LIKE ?', `${email.split('@')[0]}%`)).toBe(0);
	});
}
