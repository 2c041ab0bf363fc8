/** Rules for short texts people type about themselves (names, cities, affiliations). */

// C0/C1 controls (tab included), bidi embeddings/overrides/isolates and marks, zero-width characters,
// the word joiner and the byte-order mark: invisible, and used to disguise or reorder text. Also the
// replacement character, which is what bytes that were not valid UTF-8 decode to.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFFD]/u;
// A spreadsheet treats a cell that starts with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
const URL_LIKE =
	/(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b[\p{L}\p{N}-]+\.(?:com|net|org|info|biz|ru|xyz|top|io|co|de|az|ly|me|site|online|click|link)\b)/iu;

/** Unicode NFC, collapsed inner whitespace, trimmed. */
export function normalizeText(value: string): string {
	return value.normalize('NFC').replace(/[ \u00A0\u2000-\u200A\u3000]+/g, ' ').trim();
}

export function hasForbiddenCharacters(value: string): boolean {
	return FORBIDDEN_CHARACTERS.test(value) || /[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

export function startsLikeFormula(value: string): boolean {
	return FORMULA_START.test(value);
}

export function containsUrl(value: string): boolean {
	return URL_LIKE.test(value);
}

// Made once: making a segmenter (it resolves a locale) cost more than all the rest of checking a
// signature's fields (6 % of a sign request's CPU, docs/performance.md).
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as people count them (a letter with its accents is one). */
export function characterCount(value: string): number {
	let count = 0;
	for (const _ of GRAPHEMES.segment(value)) count++;
	return count;
}
