import { describe, expect, it } from 'vitest';
import { csvHeader, csvLines } from '$lib/server/csv';

describe('the one CSV writer (the moderators’ exports and the dossier’s public data)', () => {
	it('quotes as RFC 4180 says, and defuses every cell a spreadsheet would run, even one holding a line break', () => {
		expect(csvLines([['Ayla, Bakı', 'say "hi"', null, 3]])).toBe('"Ayla, Bakı","say ""hi""",,3\n');
		for (const cell of ['=1+1', '+49 30', '-2', '@SUM(A1)', '\tx', '=HYPERLINK("x")\nsecond line']) {
			expect(csvLines([[cell]]), JSON.stringify(cell)).toMatch(/^"?'/);
		}
		expect(csvLines([['Ayla'], ['Jürgen']])).toBe('Ayla\nJürgen\n');
		expect(csvLines([])).toBe('');
		expect(csvHeader(['name', 'country'])).toBe('\uFEFFname,country\n');
	});
});
