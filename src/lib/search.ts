/**
 * Fold text for matching regardless of case and accents, with the Azerbaijani and Turkish letters
 * that plain case-folding gets wrong: I, ı, İ and i all become "i"; Ə and ə become "e".
 */
export function foldForSearch(value: string): string {
	return value
		.replace(/[İIı]/g, 'i')
		.replace(/[Əə]/g, 'e')
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(/\s+/g, ' ')
		.trim();
}
