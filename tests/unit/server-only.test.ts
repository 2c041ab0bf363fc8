import { describe, expect, it } from 'vitest';
import { transport } from '../../src/hooks';
import { serverOnly } from '$lib/server-only';
import * as signaturesList from '../../src/routes/admin/(panel)/signatures/+page';

describe('page data that only the server renders', () => {
	const { encode, decode } = transport.ServerOnly;
	const rows = () => Array.from({ length: 50 }, (_, id) => ({ id, name: `Signer ${id}`, email: `s${id}@example.org` }));

	it('is written into the HTML as a placeholder, whatever it holds', () => {
		expect(encode(serverOnly(rows(), { isDataRequest: false }))).toBe(1);
		expect(encode(serverOnly([], { isDataRequest: false }))).toBe(1);
	});

	it('is sent in full when the browser asks for the data to render it itself', () => {
		const sent = serverOnly(rows(), { isDataRequest: true });
		expect(encode(sent)).toBeFalsy();
		expect(sent).toHaveLength(50);
	});

	it('leaves every other value to SvelteKit', () => {
		for (const value of [rows(), { rows: [] }, new Date(), new Map()]) expect(encode(value)).toBeFalsy();
	});

	it('fails loudly in a browser, and is used only on a page that sends no scripts', () => {
		expect(() => decode(1)).toThrow(/csr = false/);
		expect(signaturesList.csr).toBe(false);
	});
});
