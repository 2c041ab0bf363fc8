import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sources(path);
		return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
	});
}

/** The doors: only these files may create, delete or change the state of a signature or an endorsement. */
const DOORS = ['src/lib/server/signatures/states.ts', 'src/lib/server/endorsements/states.ts'];

/** Ways of writing a state, or a row (which has a state), of either table. */
const WRITES = [
	/\.(insert|delete)\((signature|endorsement)\)/,
	/\.update\((signature|endorsement)\)[\s\S]{0,200}?\.set\(\{[^}]*\bstate\b/,
	/(INSERT\s+INTO|DELETE\s+FROM)\s+"?(signature|endorsement)\b/i,
	/UPDATE\s+"?(signature|endorsement)"?\s+SET\b[^;`'"]*\bstate\s*=/i,
	/(insertRow|updateRow|writeTransition)\([^,]+,\s*(signature|endorsement)\b/
];

describe('every change of a public count goes through one door per aggregate', () => {
	it('no code outside the transition functions writes a signature or an endorsement state', () => {
		const offending = sources(join(ROOT, 'src'))
			.map((path) => relative(ROOT, path))
			.filter((path) => !DOORS.includes(path))
			.flatMap((path) => {
				const text = readFileSync(join(ROOT, path), 'utf8');
				return WRITES.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`);
			});
		expect(offending).toEqual([]);
	});

	it('the check finds such a write where there is one', () => {
		const written = ["tx.update(signature).set({ state: 'confirmed' })", "UPDATE signature SET state = 'withdrawn'", 'tx.insert(endorsement).values(row)', 'updateRow(tx, endorsement, id, { state })'];
		for (const text of written) expect(WRITES.some((pattern) => pattern.test(text)), text).toBe(true);
		expect(WRITES.some((pattern) => pattern.test("tx.update(signature).set({ ipHmac: null })"))).toBe(false);
	});
});
