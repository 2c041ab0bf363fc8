import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyUpstreamFix } from '../../upstream/fixes';
import { LegacyRenderOutput } from '../../upstream/legacy-render-output';
import { TrackedURL } from '../../upstream/tracked-url';

const KIT_URL = `${process.cwd()}/node_modules/@sveltejs/kit/src/utils/url.js`;
const SVELTE_LEGACY = `${process.cwd()}/node_modules/svelte/src/legacy/legacy-server.js`;

describe('the server build replaces two upstream functions that kept finished requests alive', () => {
	it('swaps in the prototype-getter versions and leaves the rest of each module as it was', () => {
		const kit = readFileSync(KIT_URL, 'utf8');
		const fixedKit = applyUpstreamFix(`${KIT_URL}?v=1`, kit) ?? '';
		expect(fixedKit).toContain('return new TrackedURL(url, callback, search_params_callback, allow_hash);');
		expect(fixedKit).not.toContain('Object.defineProperty(tracked, property');
		expect(fixedKit).toContain('export function disable_search(url)');
		expect(fixedKit.length).toBeLessThan(kit.length);

		const svelte = readFileSync(SVELTE_LEGACY, 'utf8');
		const fixedSvelte = applyUpstreamFix(SVELTE_LEGACY, svelte) ?? '';
		expect(fixedSvelte).toContain('new LegacyRenderOutput(render(component, { props, context, csp, transformError }), async_mode_flag)');
		expect(fixedSvelte).not.toContain('Object.defineProperties');
		expect(fixedSvelte).toContain('export function run(fn)');

		expect(applyUpstreamFix(`${process.cwd()}/node_modules/@sveltejs/kit/src/utils/routing.js`, kit)).toBeNull();
		expect(applyUpstreamFix(`${process.cwd()}/src/lib/server/signatures/moderation.ts`, 'export {}')).toBeNull();
	});

	it('stops the build when an upgrade changed a replaced function', () => {
		const kit = readFileSync(KIT_URL, 'utf8').replace("'toJSON'];", "'toJSON', 'origin'];");
		expect(() => applyUpstreamFix(KIT_URL, kit)).toThrow(/make_trackable.*is not the version upstream\/fixes.ts replaces/);
		const svelte = readFileSync(SVELTE_LEGACY, 'utf8').replace('export function asClassComponent(', 'export function asClassComponentRenamed(');
		expect(() => applyUpstreamFix(SVELTE_LEGACY, svelte)).toThrow(/asClassComponent/);
	});
});

describe('a replacement whose upstream names are gone', () => {
	it('stops the build', () => {
		const svelte = readFileSync(SVELTE_LEGACY, 'utf8');
		expect(() => applyUpstreamFix(SVELTE_LEGACY, svelte.replaceAll('async_mode_flag', 'async_flag'))).toThrow(/legacy-server\.js.*relies on `async_mode_flag`/);
	});
});

describe("a server load's url", () => {
	const tracked = (href: string, allowHash = false) => {
		const calls = { url: 0, params: [] as string[] };
		const url = new TrackedURL(new URL(href), () => calls.url++, (name) => calls.params.push(name), allowHash);
		return { url, calls };
	};

	it('counts as using the URL when the load reads what navigation can change', () => {
		for (const read of [
			(u: URL) => u.href,
			(u: URL) => u.pathname,
			(u: URL) => u.search,
			(u: URL) => u.toString(),
			(u: URL) => u.toJSON(),
			(u: URL) => [...u.searchParams.entries()]
		]) {
			const { url, calls } = tracked('https://example.org/admin/signatures?q=%40d1.example&after=7');
			read(url);
			expect(calls.url, read.toString()).toBeGreaterThan(0);
		}
		const { url, calls } = tracked('https://example.org/admin/signatures?q=%40d1.example&after=7');
		expect([url.href, url.pathname, url.search, String(url), JSON.stringify({ url })]).toEqual([
			'https://example.org/admin/signatures?q=%40d1.example&after=7',
			'/admin/signatures',
			'?q=%40d1.example&after=7',
			'https://example.org/admin/signatures?q=%40d1.example&after=7',
			'{"url":"https://example.org/admin/signatures?q=%40d1.example&after=7"}'
		]);
		expect(url).toBeInstanceOf(URL);
		expect(calls.params).toEqual([]);
	});

	it('counts single query parameters by name, and not the origin at all', () => {
		const { url, calls } = tracked('https://example.org/?q=%40d1.example&after=7');
		expect([url.searchParams.get('q'), url.searchParams.has('after'), url.searchParams.getAll('q')]).toEqual(['@d1.example', true, ['@d1.example']]);
		expect(url.origin).toBe('https://example.org');
		expect(calls).toEqual({ url: 0, params: ['q', 'after', 'q'] });
	});

	it('refuses the fragment on the server unless it is allowed, and prints as the URL it copies', () => {
		expect(() => tracked('https://example.org/#top').url.hash).toThrow(/Cannot access event.url.hash/);
		const { url, calls } = tracked('https://example.org/#top', true);
		expect(url.hash).toBe('#top');
		expect(calls.url).toBe(1);
		expect(inspect(tracked('https://example.org/a?b=1').url)).toContain("href: 'https://example.org/a?b=1'");
		expect(inspect(tracked('https://example.org/a?b=1').url.searchParams)).toContain("'b' => '1'");
	});
});

describe("Svelte's legacy render output that SvelteKit reads", () => {
	const rendered = () => {
		let renders = 0;
		const body = { head: '<title>T</title>', body: '<p>B</p>' };
		const result = {
			get head() {
				renders++;
				return body.head;
			},
			get body() {
				return body.body;
			},
			then: (f: (value: typeof body & { hashes: unknown }) => unknown) => Promise.resolve(f({ ...body, hashes: { script: [] } }))
		} as never;
		return { result, renders: () => renders };
	};

	it('reads head and html from the render when asked, and resolves like a promise', async () => {
		const { result, renders } = rendered();
		const output = new LegacyRenderOutput(result, false);
		expect(renders()).toBe(0);
		expect([output.head, output.html, output.css]).toEqual(['<title>T</title>', '<p>B</p>', { code: '', map: null }]);
		expect(renders()).toBe(1);
		expect('then' in output).toBe(true);
		expect(Object.keys(output)).toEqual([]);
		expect(await output).toEqual({ css: { code: '', map: null }, head: '<title>T</title>', html: '<p>B</p>' });
		expect(await new LegacyRenderOutput(result, true)).toEqual({ css: { code: '', map: null }, head: '<title>T</title>', html: '<p>B</p>', hashes: { script: [] } });
	});
});
