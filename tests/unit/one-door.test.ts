import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, sources } from './helpers/sources';
import { describe, expect, it } from 'vitest';

/** The doors: only these files may create, delete or change the state of a signature or an endorsement. */
const DOORS = ['src/lib/server/signatures/states.ts', 'src/lib/server/endorsements/states.ts'];

/** Ways of writing a state, or a row (which has a state), of either table. */
const WRITES = [
	/\.(insert|delete)\((\w+\.)?(signature|endorsement)\)/,
	/\.update\((\w+\.)?(signature|endorsement)\)[\s\S]{0,200}?\.set\(\{[\s\S]{0,400}?\bstate\b/,
	/(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+"?(signature|endorsement)"?(?![\w_])/i,
	/UPDATE(\s+OR\s+\w+)?\s+"?(signature|endorsement)"?(\s+(AS\s+)?\w+)?\s+SET\b[^;`]*?"?\bstate"?\s*=/i,
	/(insertRow|updateRow|writeTransition)\([^,]+,\s*(\w+\.)?(signature|endorsement)\b/
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
		const written = [
			"tx.update(signature).set({ state: 'confirmed' })",
			"tx.update(schema.signature).set({ hidden: false, flags: { a: 1 }, state: 'confirmed' })",
			"UPDATE signature SET state = 'withdrawn'",
			'UPDATE OR IGNORE "signature" AS s SET name = \'x\', "state" = \'withdrawn\'',
			'INSERT OR REPLACE INTO endorsement (id) VALUES (1)',
			'REPLACE INTO signature (id) VALUES (1)',
			'tx.insert(endorsement).values(row)',
			'updateRow(tx, endorsement, id, { state })'
		];
		for (const text of written) expect(WRITES.some((pattern) => pattern.test(text)), text).toBe(true);
		for (const harmless of ['tx.update(signature).set({ ipHmac: null })', 'INSERT INTO signature_name_search (rowid) VALUES (1)', "UPDATE signature SET hidden = 1 WHERE id = 1; SELECT state FROM signature"]) {
			expect(WRITES.some((pattern) => pattern.test(harmless)), harmless).toBe(false);
		}
	});
});
