import { describe, expect, it } from 'vitest';
import { checkLogoFile, parseEndorsement, parseWebsite } from '$lib/validation/endorsement';

const valid = {
	name: 'Mine Action Review e.V.',
	type: 'ngo',
	country: 'DE',
	contactName: 'Jana Becker',
	contactRole: 'Press officer',
	contactEmail: 'jana@example.org',
	authorised: 'on',
	consent: 'on'
};

describe('the endorse form', () => {
	it('accepts the required fields alone', () => {
		const result = parseEndorsement(valid);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		expect(result.input.name).toBe('Mine Action Review e.V.');
		expect([result.input.city, result.input.website, result.input.support]).toEqual([undefined, undefined, undefined]);
	});

	it('names every missing field with its own message', () => {
		const result = parseEndorsement({});
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors).toEqual({
			name: 'errors.orgName.required',
			type: 'errors.orgType.required',
			country: 'errors.country.required',
			contactName: 'errors.contactName.required',
			contactRole: 'errors.contactRole.required',
			contactEmail: 'errors.contactEmail.required',
			authorised: 'errors.authorised.required',
			consent: 'errors.endorseConsent.required'
		});
	});

	it('refuses an unknown type, invisible characters and formulas', () => {
		const errors = (raw: Record<string, unknown>) => {
			const r = parseEndorsement({ ...valid, ...raw });
			return r.ok ? {} : r.errors;
		};
		expect(errors({ type: 'cult' }).type).toBe('errors.orgType.required');
		expect(errors({ name: 'Evil\u202EOrg' }).name).toBe('errors.orgName.invisible');
		expect(errors({ contactRole: '=HYPERLINK("x")' }).contactRole).toBe('errors.contactRole.formula');
		expect(errors({ support: 'x'.repeat(501) }).support).toBe('errors.support.long');
		expect(errors({ support: 'ok\u0000' }).support).toBe('errors.support.invisible');
	});

	it('keeps paragraphs in the statement of support, and trims the rest', () => {
		const r = parseEndorsement({ ...valid, support: '  First line.\r\n\r\n\r\n\r\nSecond   paragraph.  ' });
		expect(r.ok && r.input.support).toBe('First line.\n\nSecond paragraph.');
	});

	it('takes a website as https, adding it to a bare domain and refusing plain http', () => {
		expect(parseWebsite('example.org')).toEqual({ ok: true, url: 'https://example.org/' });
		expect(parseWebsite('https://www.Bakı.az/haqqımızda')).toEqual({ ok: true, url: 'https://www.xn--bak-lua.az/haqq%C4%B1m%C4%B1zda' });
		expect(parseWebsite('http://example.org')).toEqual({ ok: false, error: 'errors.website.https' });
		expect(parseWebsite('javascript:alert(1)')).toEqual({ ok: false, error: 'errors.website.invalid' });
		expect(parseWebsite('https://user:pw@example.org')).toEqual({ ok: false, error: 'errors.website.invalid' });
		expect(parseWebsite('https://localhost')).toEqual({ ok: false, error: 'errors.website.invalid' });
		expect(parseWebsite('not a site')).toEqual({ ok: false, error: 'errors.website.invalid' });
	});

	it('names a wrong file in the browser before it is sent', () => {
		expect(checkLogoFile({ size: 0, type: '', name: '' })).toBeNull();
		expect(checkLogoFile({ size: 1000, type: 'image/png', name: 'logo.png' })).toBeNull();
		expect(checkLogoFile({ size: 1000, type: 'image/svg+xml', name: 'logo.svg' })).toBe('errors.logo.svg');
		expect(checkLogoFile({ size: 3_000_000, type: 'image/png', name: 'logo.png' })).toBe('errors.logo.tooLarge');
		expect(checkLogoFile({ size: 1000, type: 'application/pdf', name: 'logo.pdf' })).toBe('errors.logo.type');
	});
});
