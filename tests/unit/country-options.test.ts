import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import CountryOptions from '$lib/components/CountryOptions.svelte';
import { getCountryOptions } from '$lib/countries';

const optionsOf = (html: string) => [...html.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];

describe('the country options every form and filter shows', () => {
	it('lists every country in the page language, sorted for it, with the chosen one selected', () => {
		const html = render(CountryOptions, { props: { countries: getCountryOptions('az'), selected: 'AZ' } }).body;
		const options = optionsOf(html);
		expect(options).toHaveLength(getCountryOptions('az').length);
		expect(options.filter((o) => o[2])).toEqual([expect.arrayContaining(['AZ', ' selected', 'Azərbaycan'])]);
		const names = options.map((o) => o[3]);
		// Azerbaijani order: Ə comes after E.
		expect(names.findIndex((n) => n.startsWith('Ə'))).toBeGreaterThan(names.findIndex((n) => n.startsWith('E')));
	});

	it('escapes names and selects nothing for an unknown or hostile value', () => {
		const countries = [
			{ code: 'BA', name: 'Bosnia & <Herzegovina>' },
			{ code: 'XK', name: 'Kosovo' }
		];
		for (const selected of [null, '', 'ZZ', '"><script>alert(1)</script>']) {
			const html = render(CountryOptions, { props: { countries, selected } }).body;
			expect(html).toContain('<option value="BA">Bosnia &#38; &#60;Herzegovina&#62;</option>');
			expect(html).not.toContain('selected');
			expect(html).not.toContain('<script>');
		}
	});

	it('gives each request its own selection, never the previous one', () => {
		const countries = getCountryOptions('en');
		render(CountryOptions, { props: { countries, selected: 'DE' } });
		const html = render(CountryOptions, { props: { countries, selected: 'FR' } }).body;
		expect(optionsOf(html).filter((o) => o[2]).map((o) => o[1])).toEqual(['FR']);
	});
});
