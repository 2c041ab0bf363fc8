import { foldForSearch } from '$lib/search';

/** The marker written twice before every word of the indexed names (see drizzle/0014_name_search.sql). */
const WORD_START = '\u0001';

/**
 * The FTS5 query that finds names containing what a person typed, for the name-search tables
 * (`signatory_search`, `signature_name_search`), or null when nothing searchable is left.
 * Three characters or more match anywhere in the name (trigrams); one or two characters match the
 * start of a word, as a trigram with the word-start marker.
 */
export function nameMatchQuery(typed: string): string | null {
	// Control characters would reach into the word-start markers; FTS5 quotes are doubled.
	const folded = foldForSearch(typed.replace(/\p{Cc}/gu, ' '));
	const length = [...folded].length;
	if (length === 0) return null;
	const phrase = length >= 3 ? folded : WORD_START.repeat(3 - length) + folded;
	return `${length >= 3 ? 'key' : 'starts'} : "${phrase.replaceAll('"', '""')}"`;
}
