/** Zod building blocks for the public forms. Each error is a message key under errors.<field>. */
import { z } from 'zod';
import { parseEmail } from './email';
import { characterCount, containsUrl, hasForbiddenCharacters, normalizeText, startsLikeFormula } from './text';

// In the browser Zod would probe whether it may compile parsers with new Function: the page's CSP
// forbids it (no 'unsafe-eval'), and the refusal is reported as a policy violation. The server keeps
// the compiled parsers (the sign path runs through them).
if (typeof document !== 'undefined') z.config({ jitless: true });

const abort = { abort: true } as const;

/**
 * A short text someone types (a name, a city, a role): no invisible characters or formulas, and
 * unless allowed, no links.
 */
export function shortText(field: string, min: number, max: number, options: { links?: boolean } = {}) {
	return z
		.string({ error: `errors.${field}.required` })
		.transform(normalizeText)
		.refine((v) => v !== '', { error: `errors.${field}.required`, ...abort })
		.refine((v) => !hasForbiddenCharacters(v), { error: `errors.${field}.invisible`, ...abort })
		.refine((v) => characterCount(v) >= min, { error: `errors.${field}.short`, ...abort })
		.refine((v) => characterCount(v) <= max, { error: `errors.${field}.long`, ...abort })
		.refine((v) => !startsLikeFormula(v), { error: `errors.${field}.formula`, ...abort })
		.refine((v) => options.links || !containsUrl(v), { error: `errors.${field}.url`, ...abort });
}

/** Empty (or only spaces) means not given. */
export function optional<T extends z.ZodType>(schema: T) {
	return z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && normalizeText(v) === '') ? undefined : v), schema.optional());
}

export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** An address in ASCII form (the domain in punycode), or errors.<field>.* */
export function emailAddress(field = 'email') {
	return z
		.string({ error: `errors.${field}.required` })
		.transform((v) => v.trim())
		.refine((v) => v.length > 0, { error: `errors.${field}.required`, ...abort })
		.refine((v) => v.length <= 254, { error: `errors.${field}.long`, ...abort })
		.refine((v) => !hasForbiddenCharacters(v), { error: `errors.${field}.invalid`, ...abort })
		.transform((v, ctx) => {
			const parsed = parseEmail(v);
			if (!parsed) {
				ctx.addIssue({ code: 'custom', message: `errors.${field}.invalid` });
				return z.NEVER;
			}
			return parsed.address;
		});
}

/** Paragraphs of plain text: line breaks kept (at most one blank line in a row), nothing else invisible. */
export function plainText(field: string, max: number) {
	return z
		.string()
		.transform((v) =>
			v
				.replace(/\r\n?/g, '\n')
				.split('\n')
				.map(normalizeText)
				.join('\n')
				.replace(/\n{3,}/g, '\n\n')
				.trim()
		)
		.refine((v) => !hasForbiddenCharacters(v.replaceAll('\n', ' ')), { error: `errors.${field}.invisible`, ...abort })
		.refine((v) => characterCount(v) <= max, { error: `errors.${field}.long`, ...abort })
		.refine((v) => !startsLikeFormula(v), { error: `errors.${field}.formula`, ...abort });
}

/** Field name → the first message key that applies to it. */
export function firstErrors<F extends string>(issues: readonly z.core.$ZodIssue[]): Partial<Record<F, string>> {
	const errors: Partial<Record<F, string>> = {};
	for (const issue of issues) {
		const field = issue.path[0] as F;
		errors[field] ??= issue.message;
	}
	return errors;
}
