import { z } from 'zod';
import { isCountryCode } from '$lib/country-codes';
import { DISPLAY_CHOICES } from './choices';
import { checkbox, emailAddress, firstErrors, optional, shortText } from './fields';

/** The fields of the sign form, by their POST names. */
export const SIGNATURE_FIELDS = ['name', 'email', 'country', 'city', 'affiliation', 'display', 'consent', 'updates'] as const;
export type SignatureField = (typeof SIGNATURE_FIELDS)[number];

export const signatureSchema = z.object({
	name: shortText('name', 2, 120),
	email: emailAddress(),
	country: z.string({ error: 'errors.country.required' }).refine(isCountryCode, { error: 'errors.country.required' }),
	city: optional(shortText('city', 1, 120)),
	affiliation: optional(shortText('affiliation', 1, 160)),
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
	return { ok: false, errors: firstErrors<SignatureField>(result.error.issues) };
}
