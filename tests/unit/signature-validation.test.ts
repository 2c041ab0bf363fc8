import { describe, expect, it } from 'vitest';
import { canonicalizeEmail, parseEmail } from '$lib/validation/email';
import { parseSignature } from '$lib/validation/signature';
import { characterCount } from '$lib/validation/text';

const valid = {
	name: 'Ayla Məmmədova',
	email: 'ayla@example.org',
	country: 'AZ',
	city: 'Bakı',
	affiliation: '',
	display: 'initials',
	consent: 'on'
};

function errorsOf(changes: Record<string, unknown>) {
	const result = parseSignature({ ...valid, ...changes });
	return result.ok ? {} : result.errors;
}

describe('the signature form', () => {
	it('accepts a real person and normalises what they typed', () => {
		const result = parseSignature({ ...valid, name: '  Ayla   Me\u0301mmədova ', city: '  ', updates: 'on' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.input).toMatchObject({
			name: 'Ayla M\u00e9mmədova',
			email: 'ayla@example.org',
			country: 'AZ',
			city: undefined,
			display: 'initials',
			consent: true,
			updates: true
		});
	});

	it.each([
		[{ name: '' }, 'name', 'errors.name.required'],
		[{ name: undefined }, 'name', 'errors.name.required'],
		[{ name: 'A' }, 'name', 'errors.name.short'],
		[{ name: 'x'.repeat(121) }, 'name', 'errors.name.long'],
		[{ name: 'Ayla\u0000 M' }, 'name', 'errors.name.invisible'],
		[{ name: 'Ayla \u202Eevil' }, 'name', 'errors.name.invisible'],
		[{ name: 'Ay\u200Bla' }, 'name', 'errors.name.invisible'],
		[{ name: 'Ayla\tM' }, 'name', 'errors.name.invisible'],
		[{ name: 'Ayla \uD800 M' }, 'name', 'errors.name.invisible'],
		[{ name: 'Ayla \uFFFD(' }, 'name', 'errors.name.invisible'],
		[{ name: '=HYPERLINK("x")' }, 'name', 'errors.name.formula'],
		[{ name: '+49 Ayla' }, 'name', 'errors.name.formula'],
		[{ name: '-Ayla' }, 'name', 'errors.name.formula'],
		[{ name: '@Ayla' }, 'name', 'errors.name.formula'],
		[{ name: 'Ayla https://spam.example' }, 'name', 'errors.name.url'],
		[{ name: 'Buy at www.spam' }, 'name', 'errors.name.url'],
		[{ name: 'Ayla spam-shop.com' }, 'name', 'errors.name.url'],
		[{ email: '' }, 'email', 'errors.email.required'],
		[{ email: 'not-an-address' }, 'email', 'errors.email.invalid'],
		[{ email: 'a@b' }, 'email', 'errors.email.invalid'],
		[{ email: 'a..b@example.org' }, 'email', 'errors.email.invalid'],
		[{ email: 'a@example.org\r\nBcc: x@y.z' }, 'email', 'errors.email.invalid'],
		[{ email: `${'a'.repeat(250)}@example.org` }, 'email', 'errors.email.long'],
		[{ country: '' }, 'country', 'errors.country.required'],
		[{ country: 'XX' }, 'country', 'errors.country.required'],
		[{ city: '=1+1' }, 'city', 'errors.city.formula'],
		[{ affiliation: 'x'.repeat(161) }, 'affiliation', 'errors.affiliation.long'],
		[{ display: 'everyone' }, 'display', 'errors.display.invalid'],
		[{ consent: undefined }, 'consent', 'errors.consent.required']
	])('refuses %o with %s: %s', (changes, field, message) => {
		expect(errorsOf(changes)).toEqual({ [field]: message });
	});

	it('keeps names people really have', () => {
		for (const name of ["Ayla Məmmədova", "Seán O'Brien", 'J. R. R. Tolkien', 'İlkin Əliyev', 'Zoë Müller-Lüdenscheidt', '李小龍', 'Dr. Ali']) {
			expect(errorsOf({ name }), name).toEqual({});
		}
	});
});

describe('email addresses', () => {
	it('accepts internationalised domains and stores them in ASCII', () => {
		expect(parseEmail('ayla@bücher.de')?.address).toBe('ayla@xn--bcher-kva.de');
		expect(parseEmail('Ayla@Example.ORG')?.address).toBe('Ayla@example.org');
	});

	it.each([
		['Ayla@Example.org', 'ayla@example.org'],
		['ayla+statement@example.org', 'ayla@example.org'],
		['A.Y.L.A+x@gmail.com', 'ayla@gmail.com'],
		['ayla@googlemail.com', 'ayla@gmail.com'],
		['a.yla@example.org', 'a.yla@example.org'],
		['ayla@bücher.de', 'ayla@xn--bcher-kva.de']
	])('canonicalises %s to %s', (input, canonical) => {
		expect(canonicalizeEmail(input)).toBe(canonical);
	});
});

describe('lengths, as people count characters', () => {
	it('counts a letter with its accents, or an emoji sequence, as one', () => {
		expect(characterCount('Məmmədova')).toBe(9);
		expect(characterCount('e\u0301')).toBe(1);
		expect(characterCount('👩‍👩‍👧')).toBe(1);
		expect(characterCount('')).toBe(0);
		// 120 letters each carrying an accent that has no letter of its own: the longest name allowed.
		expect(parseSignature({ ...valid, name: 'ə\u0303'.repeat(120) }).ok).toBe(true);
		expect(parseSignature({ ...valid, name: 'ə\u0303'.repeat(121) }).ok).toBe(false);
	});
});
