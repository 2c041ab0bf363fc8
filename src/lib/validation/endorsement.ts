import { z } from 'zod';
import { isCountryCode } from '$lib/country-codes';
import { ORGANIZATION_TYPES } from './choices';
import { toAsciiDomain } from './email';
import { checkbox, emailAddress, firstErrors, optional, plainText, shortText } from './fields';
import { hasForbiddenCharacters } from './text';

/** The text fields of the endorse form, by their POST names (the logo comes as a file). */
export const ENDORSEMENT_FIELDS = [
	'name',
	'type',
	'country',
	'city',
	'website',
	'support',
	'contactName',
	'contactRole',
	'contactEmail',
	'authorised',
	'consent'
] as const;
export type EndorsementField = (typeof ENDORSEMENT_FIELDS)[number] | 'logo';

export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const SUPPORT_MAX_CHARACTERS = 500;

/**
 * The organization's website as an https address. A bare domain ("example.org") gets https://;
 * plain http is refused, since the link is shown publicly and should not lead to an unencrypted site.
 */
export function parseWebsite(input: string): { ok: true; url: string } | { ok: false; error: string } {
	const value = input.trim();
	if (value.length > 200) return { ok: false, error: 'errors.website.long' };
	if (hasForbiddenCharacters(value) || /\s/.test(value)) return { ok: false, error: 'errors.website.invalid' };
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return { ok: false, error: 'errors.website.invalid' };
	}
	if (url.protocol === 'http:') return { ok: false, error: 'errors.website.https' };
	if (url.protocol !== 'https:' || url.username || url.password || url.port) return { ok: false, error: 'errors.website.invalid' };
	if (!toAsciiDomain(url.hostname)) return { ok: false, error: 'errors.website.invalid' };
	return { ok: true, url: url.href };
}

const website = z.string().transform((v, ctx) => {
	const parsed = parseWebsite(v);
	if (!parsed.ok) {
		ctx.addIssue({ code: 'custom', message: parsed.error });
		return z.NEVER;
	}
	return parsed.url;
});

export const endorsementSchema = z.object({
	// Organizations' names may look like addresses ("Example.org Foundation"); moderators see each one.
	name: shortText('orgName', 2, 160, { links: true }),
	type: z.enum(ORGANIZATION_TYPES, { error: 'errors.orgType.required' }),
	country: z.string({ error: 'errors.country.required' }).refine(isCountryCode, { error: 'errors.country.required' }),
	city: optional(shortText('city', 1, 120)),
	website: optional(website),
	support: optional(plainText('support', SUPPORT_MAX_CHARACTERS)),
	contactName: shortText('contactName', 2, 120),
	contactRole: shortText('contactRole', 2, 120),
	contactEmail: emailAddress('contactEmail'),
	authorised: checkbox.refine((v) => v, { error: 'errors.authorised.required' }),
	consent: checkbox.refine((v) => v, { error: 'errors.endorseConsent.required' })
});

export type EndorsementInput = z.output<typeof endorsementSchema>;
export type EndorsementErrors = Partial<Record<EndorsementField, string>>;

export function parseEndorsement(
	raw: Record<string, unknown>
): { ok: true; input: EndorsementInput } | { ok: false; errors: EndorsementErrors } {
	const result = endorsementSchema.safeParse(raw);
	if (result.success) return { ok: true, input: result.data };
	return { ok: false, errors: firstErrors<EndorsementField>(result.error.issues) };
}

/** What the browser can tell about a chosen file before sending it (the server decides for real). */
export function checkLogoFile(file: { size: number; type: string; name: string }): string | null {
	if (file.size === 0) return null;
	if (file.type === 'image/svg+xml' || /\.svgz?$/i.test(file.name)) return 'errors.logo.svg';
	if (file.size > LOGO_MAX_BYTES) return 'errors.logo.tooLarge';
	if (file.type && !(LOGO_TYPES as readonly string[]).includes(file.type)) return 'errors.logo.type';
	return null;
}
