import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import CountryFilter from '$lib/components/CountryFilter.svelte';
import CountrySelect from '$lib/components/CountrySelect.svelte';
import { getCountryOptions } from '$lib/server/countries';

const optionsOf = (html: string) => [...html.matchAll(/<option value="([^"]+)"( selected(?:="")?)?>([^<]*)<\/option>/g)];

describe('the country select every form and filter shows', () => {
	it('lists every country in the page language, sorted for it, with the chosen one selected', () => {
		const html = render(CountrySelect, { props: { countries: getCountryOptions('az'), selected: 'AZ', name: 'country' } }).body;
		expect(html).toContain('<select name="country">');
		// Valid HTML: only options inside, no "customizable select" marker (<!>, a bogus comment).
		expect(html).not.toContain('<!>');
		const options = optionsOf(html);
		expect(options).toHaveLength(getCountryOptions('az').length);
		expect(options.filter((o) => o[2]).map((o) => [o[1], o[3]])).toEqual([['AZ', 'Azərbaycan']]);
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
			const html = render(CountrySelect, { props: { countries, selected } }).body;
			expect(html).toContain('<option value="BA">Bosnia &amp; &lt;Herzegovina></option>');
			expect(html).not.toContain('selected');
			expect(html).not.toContain('<script>');
		}
	});

	it('offers an empty first choice when asked, chosen while nothing else is', () => {
		const countries = [{ code: 'XK', name: 'Kosovo' }];
		expect(render(CountrySelect, { props: { countries, placeholder: 'All countries' } }).body).toMatch(/<option value="" selected(="")?>All countries<\/option>/);
		expect(render(CountrySelect, { props: { countries, placeholder: 'All countries', selected: 'XK' } }).body).toMatch(/<option value="">All countries<\/option>/);
	});

	it('gives each request its own selection, never the previous one', () => {
		const countries = getCountryOptions('en');
		render(CountrySelect, { props: { countries, selected: 'DE' } });
		const html = render(CountrySelect, { props: { countries, selected: 'FR' } }).body;
		expect(optionsOf(html).filter((o) => o[2]).map((o) => o[1])).toEqual(['FR']);
	});

	it('as a filter, is one string of valid HTML with the same choices, every value escaped', () => {
		const countries = [
			{ code: 'BA', name: 'Bosnia & <Herzegovina>' },
			{ code: 'XK', name: 'Kosovo' }
		];
		const html = render(CountryFilter, { props: { id: 'country', name: 'country', countries, selected: 'XK', placeholder: 'All "countries"' } }).body;
		expect(html).toContain('<select id="country" name="country"><option value="">All &#34;countries&#34;</option><option value="BA">Bosnia &#38; &#60;Herzegovina&#62;</option><option value="XK" selected>Kosovo</option></select>');
		expect(html).not.toContain('<!>');
		const hostile = render(CountryFilter, { props: { id: 'c', name: 'c', countries, selected: '"><script>alert(1)</script>' } }).body;
		expect(hostile).not.toContain('<script>');
		expect(hostile).not.toContain('selected');
	});
});
