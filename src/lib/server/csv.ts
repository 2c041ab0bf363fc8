import Papa from 'papaparse';

/**
 * A cell a spreadsheet would run as a formula: it starts so, even when it holds a line break
 * (Papa's own `escapeFormulae: true` tests only a cell's first line).
 */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * Rows as CSV lines (RFC 4180, "\n" between lines, one after the last), every formula cell
 * defused with a leading quote. Empty cells for null; nothing for no rows.
 */
export function csvLines(rows: unknown[][]): string {
	if (rows.length === 0) return '';
	// Papa writes null and undefined as empty cells: the rows go as they are (a copy of each batch of a
	// million-row export held ~50 MB more).
	return `${Papa.unparse(rows, { escapeFormulae: FORMULA, newline: '\n' })}\n`;
}

/** A file's first line: the byte order mark (spreadsheets read UTF-8 by it), then the column names. */
export const csvHeader = (columns: string[]) => `\uFEFF${csvLines([columns])}`;
