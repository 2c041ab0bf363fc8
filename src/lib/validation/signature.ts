import { z } from 'zod';
import { isCountryCode } from '$lib/countries';
import { DISPLAY_CHOICES } from './choices';
import { parseEmail } from './email';
import { characterCount, containsUrl, hasForbiddenCharacters, normalizeText, startsLikeFormula } from './text';


/** The fields of the sign form, by their POST names. */
export const SIGNATURE_FIELDS = ['name', 'email', 'country', 'city', 'affiliation', 'display', 'consent', 'updates'] as const;
export type SignatureField = (typeof SIGNATURE_FIELDS)[number];

const abort = { abort: true } as const;

/** A person's own words about themselves: no invisible characters, formulas or links. */
function personalText(field: 'name' | 'city' | 'affiliation', min: number, max: number) {
	return z
		.string({ error: `errors.${field}.required` })
		.transform(normalizeText)
		.refine((v) => !hasForbiddenCharacters(v), { error: `errors.${field}.invisible`, ...abort })
		.refine((v) => characterCount(v) >= min, { error: `errors.${field}.short`, ...abort })
		.refine((v) => characterCount(v) <= max, { error: `errors.${field}.long`, ...abort })
		.refine((v) => !startsLikeFormula(v), { error: `errors.${field}.formula`, ...abort })
		.refine((v) => !containsUrl(v), { error: `errors.${field}.url`, ...abort });
}

function optionalPersonalText(field: 'city' | 'affiliation', max: number) {
	return z.preprocess(
		(v) => (typeof v === 'string' && normalizeText(v) === '' ? undefined : v),
		personalText(field, 1, max).optional()
	);
}

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

export const signatureSchema = z.object({
	name: personalText('name', 2, 120),
	email: z
		.string({ error: 'errors.email.required' })
		.transform((v) => v.trim())
		.refine((v) => v.length > 0, { error: 'errors.email.required', ...abort })
		.refine((v) => v.length <= 254, { error: 'errors.email.long', ...abort })
		.refine((v) => !hasForbiddenCharacters(v), { error: 'errors.email.invalid', ...abort })
		.transform((v, ctx) => {
			const parsed = parseEmail(v);
			if (!parsed) {
				ctx.addIssue({ code: 'custom', message: 'errors.email.invalid' });
				return z.NEVER;
			}
			return parsed.address;
		}),
	country: z.string({ error: 'errors.country.required' }).refine(isCountryCode, { error: 'errors.country.required' }),
	city: optionalPersonalText('city', 120),
	affiliation: optionalPersonalText('affiliation', 160),
	display: z.enum(DISPLAY_CHOICES, { error: 'errors.display.invalid' }).default('initials'),
	consent: checkbox.refine((v) => v, { error: 'errors.consent.required' }),
	updates: checkbox
});

export type SignatureInput = z.output<typeof signatureSchema>;
export type FieldErrors = Partial<Record<SignatureField, string>>;

/** Parse a submitted form: the typed input, or one message key per field that is wrong. */
export function parseSignature(
	raw: Record<string, unknown>
): { ok: true; input: SignatureInput } | { ok: false; errors: FieldErrors } {
	const result = signatureSchema.safeParse(raw);
	if (result.success) return { ok: true, input: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = issue.path[0] as SignatureField;
		errors[field] ??= issue.message;
	}
	return { ok: false, errors };
}
