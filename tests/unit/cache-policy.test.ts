import { describe, expect, it } from 'vitest';
import { neverStored, sharedCacheKey } from '../../cache-policy.js';

const key = (path: string, method = 'GET') => sharedCacheKey(method, new URL(path, 'http://localhost'));

describe('which answers are shared', () => {
	it('shares public pages and JSON, keyed by path and the parameters that matter', () => {
		expect(key('/de')).toBe('/de');
		expect(key('/az/statements/mine-contaminated-areas')).toBe('/az/statements/mine-contaminated-areas');
		expect(key('/en/statements/x/signatories?country=AZ&after=1-2')).toBe('/en/statements/x/signatories?country=AZ&after=1-2');
		// Name searches are not shared: new ones, sent without end, would push everyone's pages out.
		expect(key('/en/statements/x/signatories?country=AZ&q=ə&after=1-2')).toBeNull();
		expect(key('/en/statements/x/signatories?q=&country=AZ')).toBe('/en/statements/x/signatories?country=AZ');
		expect(key('/api/v1/statements/x')).toBe('/api/v1/statements/x');
		expect(key('/embed/x?lang=de')).toBe('/embed/x?lang=de');
		expect(key('/en/statements/x/__data.json?x-sveltekit-invalidated=01')).toBe('/en/statements/x/__data.json?x-sveltekit-invalidated=01');
		expect(key('/en', 'HEAD')).toBe('/en');
		expect(key('/ru/statements/x/share.png?v=2')).toBe('/ru/statements/x/share.png');
		expect(key('/ru/statements/x/share.pngx')).toBeNull();
	});

	it('shares the pages of every language of languages.json, and of no other', () => {
		for (const lang of ['en', 'de', 'az', 'ru', 'tr', 'fr']) expect(key(`/${lang}/privacy`), lang).toBe(`/${lang}/privacy`);
		expect(key('/xx/privacy')).toBeNull();
		expect(key('/es/statements/x')).toBeNull();
	});

	it('ignores made-up parameters, so that they cannot get past the cache', () => {
		expect(key('/en/statements/x?nocache=12345')).toBe('/en/statements/x');
		expect(key('/en/statements/x/signatories?country=DE&zzz=1')).toBe('/en/statements/x/signatories?country=DE');
	});

	it('never shares what is personal, changes state or depends on the visitor', () => {
		for (const path of ['/', '/en/confirm/abc', '/en/withdraw/abc', '/en/my-data', '/en/statements/x/sign', '/en/statements/x/endorse', '/admin', '/admin/signatures', '/api/v1/altcha', '/healthz', '/language/de', '/logos/abc.webp']) {
			expect(key(path), path).toBeNull();
		}
		expect(key('/en', 'POST')).toBeNull();
	});
});

describe('which answers are never stored', () => {
	it('is every staff page, and no public one', () => {
		for (const path of ['/admin', '/admin/', '/admin/signatures', '/admin/login', '/admin/setup/abc']) expect(neverStored(path), path).toBe(true);
		for (const path of ['/', '/en', '/en/statements/admin', '/administration', '/api/v1/statements/x', '/en/my-data']) expect(neverStored(path), path).toBe(false);
	});
});
