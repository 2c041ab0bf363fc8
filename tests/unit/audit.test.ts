import { describe, expect, it } from 'vitest';
import { describeChange } from '../../src/lib/server/audit';

describe('a recorded change, as the audit log shows it', () => {
	it('gives each field what it was and what it became', () => {
		expect(describeChange({ state: 'pending_review' }, { state: 'rejected', reason: 'unverifiable', note: 'We found no register entry.' })).toEqual([
			{ field: 'state', before: 'pending_review', after: 'rejected' },
			{ field: 'reason', before: null, after: 'unverifiable' },
			{ field: 'note', before: null, after: 'We found no register entry.' }
		]);
	});

	it('shows a bulk rule as name=value, a short list of ids in full and a long one cut, empty values as a dash', () => {
		const ids = Array.from({ length: 12 }, (_, i) => i + 1);
		expect(describeChange(null, { rule: { q: '@spamwave.example', country: 'LU' }, action: 'invalidate', count: 12, ids, reason: null })).toEqual([
			{ field: 'rule', before: null, after: 'q=@spamwave.example, country=LU' },
			{ field: 'action', before: null, after: 'invalidate' },
			{ field: 'count', before: null, after: '12' },
			{ field: 'ids', before: null, after: '1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (12)' },
			{ field: 'reason', before: null, after: '—' }
		]);
		expect(describeChange(null, { ids: [7, 9], states: ['confirmed'] })).toEqual([
			{ field: 'ids', before: null, after: '7, 9' },
			{ field: 'states', before: null, after: 'confirmed' }
		]);
	});

	it('leaves out an earlier value that did not change, and keeps fields only the earlier record had', () => {
		expect(describeChange({ locale: 'de', official: false, draft: true }, { locale: 'de', official: true })).toEqual([
			{ field: 'locale', before: null, after: 'de' },
			{ field: 'official', before: 'false', after: 'true' },
			{ field: 'draft', before: 'true', after: null }
		]);
	});

	it('cuts long texts, and says nothing when nothing was recorded', () => {
		const [line] = describeChange(null, { note: 'x'.repeat(500) });
		expect(line.after).toHaveLength(201);
		expect(line.after!.endsWith('…')).toBe(true);
		expect(describeChange(null, null)).toEqual([]);
		expect(describeChange(null, 'plain')).toEqual([{ field: '', before: null, after: 'plain' }]);
	});

	it('puts values into words where it is given words for them, lists and earlier values too, never row ids', () => {
		const words = { state: { confirmed: 'Bestätigt', invalidated: 'Für ungültig erklärt' }, action: { invalidate: 'für ungültig erklären' } } as Record<string, Record<string, string>>;
		const valueText = (field: string, value: string) => words[field]?.[value] ?? null;
		expect(describeChange({ state: 'confirmed' }, { state: 'invalidated', reason: 'spam' }, valueText)).toEqual([
			{ field: 'state', before: 'Bestätigt', after: 'Für ungültig erklärt' },
			{ field: 'reason', before: null, after: 'spam' }
		]);
		expect(describeChange(null, { action: 'invalidate', state: ['confirmed', 'unknown'], ids: [1, 2] }, valueText)).toEqual([
			{ field: 'action', before: null, after: 'für ungültig erklären' },
			{ field: 'state', before: null, after: 'Bestätigt, unknown' },
			{ field: 'ids', before: null, after: '1, 2' }
		]);
	});
});
