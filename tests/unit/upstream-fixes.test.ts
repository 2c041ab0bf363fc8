import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { applyUpstreamFix } from '../../upstream/fixes';
import { LegacyRenderOutput } from '../../upstream/legacy-render-output';
import { matchersOf } from '../../upstream/matchers';
import { TrackedURL } from '../../upstream/tracked-url';

const KIT_URL = `${process.cwd()}/node_modules/@sveltejs/kit/src/utils/url.js`;
const SVELTE_LEGACY = `${process.cwd()}/node_modules/svelte/src/legacy/legacy-server.js`;
const KIT_RESPOND = `${process.cwd()}/node_modules/@sveltejs/kit/src/runtime/server/respond.js`;
const KIT_RENDER = `${process.cwd()}/node_modules/@sveltejs/kit/src/runtime/server/page/render.js`;

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

describe('the route matchers', () => {
	it('are asked of the manifest through matchersOf, imported once per module', () => {
		const respond = readFileSync(KIT_RESPOND, 'utf8');
		const fixed = applyUpstreamFix(KIT_RESPOND, respond) ?? '';
		expect(fixed).toContain('const matchers = await matchers_of(manifest);');
		expect(fixed).not.toContain('await manifest._.matchers()');
		expect(fixed.match(/import \{ matchersOf as matchers_of \} from ".*\/upstream\/matchers\.ts";/g)).toHaveLength(1);
		expect(fixed).toContain('export async function internal_respond(');
	});

	it('stop the build when the statement is gone or appears twice', () => {
		const respond = readFileSync(KIT_RESPOND, 'utf8');
		expect(() => applyUpstreamFix(KIT_RESPOND, respond.replace('await manifest._.matchers();', 'await manifest._.load_matchers();'))).toThrow(
			/respond\.js.*not there exactly once/
		);
		expect(() => applyUpstreamFix(KIT_RESPOND, `${respond}\nconst matchers = await manifest._.matchers();\n`)).toThrow(/not there exactly once/);
	});

	it('are imported once per manifest, and again after an import failed', async () => {
		let imports = 0;
		const counted = {
			_: {
				matchers: async () => {
					imports++;
					return { locale: () => true };
				}
			}
		};
		const first = await matchersOf(counted);
		expect(await matchersOf(counted)).toBe(first);
		expect(imports).toBe(1);

		let attempts = 0;
		const flaky = {
			_: {
				matchers: () => (++attempts === 1 ? Promise.reject(new Error('import failed')) : Promise.resolve({ locale: () => true }))
			}
		};
		await expect(matchersOf(flaky)).rejects.toThrow('import failed');
		expect(Object.keys(await matchersOf(flaky))).toEqual(['locale']);
		expect(attempts).toBe(2);
	});
});

describe("SvelteKit's ETag", () => {
	it('is left out where the page is never stored, and only there', () => {
		const render = readFileSync(KIT_RENDER, 'utf8');
		const fixed = applyUpstreamFix(KIT_RENDER, render) ?? '';
		expect(fixed).toContain('if (!never_stored(event.url.pathname)) headers.set(\'etag\', `"${hash(transformed)}"`);');
		expect(fixed.match(/import \{ neverStored as never_stored \} from ".*\/cache-policy\.js";/g)).toHaveLength(1);
		expect(fixed.match(/headers\.set\('etag'/g)).toHaveLength(1);
		expect(fixed).toContain('export async function render_response(');
		expect(() => applyUpstreamFix(KIT_RENDER, render.replace('`"${hash(transformed)}"`', '`W/"${hash(transformed)}"`'))).toThrow(
			/render\.js.*not there exactly once.*every page it renders/
		);
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

const KIT_PAGE = `${process.cwd()}/node_modules/@sveltejs/kit/src/runtime/server/page/index.js`;
const KIT_CSP = `${process.cwd()}/node_modules/@sveltejs/kit/src/runtime/server/page/csp.js`;

describe('the server data of a page that sends no script', () => {
	it('is no longer serialised for the browser, and still is where the page has scripts', () => {
		const page = readFileSync(KIT_PAGE, 'utf8');
		const fixed = applyUpstreamFix(KIT_PAGE, page) ?? '';
		const at = fixed.indexOf('if (csr) data_serializer.add_node(i, server_data);');
		expect(at).toBeGreaterThan(-1);
		// `csr` is the page's own setting, decided before its loads run, in the same function.
		const renderPage = fixed.lastIndexOf('export async function render_page(', at);
		expect(fixed.slice(renderPage, at)).toContain('const csr = nodes.csr();');
		expect(fixed.match(/data_serializer\.add_node\(/g)).toHaveLength(1);
		expect(() => applyUpstreamFix(KIT_PAGE, page.replace('data_serializer.add_node(i, server_data);', 'data_serializer.add(i, server_data);'))).toThrow(
			/index\.js.*not there exactly once.*pages that send no script/
		);
	});
});

describe("SvelteKit's CSP nonce", () => {
	/** The fixed csp.js as a module of its own (its two imports made absolute). */
	async function importFixedCsp() {
		const code = (applyUpstreamFix(KIT_CSP, readFileSync(KIT_CSP, 'utf8')) ?? '')
			.replace("'../../../utils/escape.js'", JSON.stringify(new URL('../../../utils/escape.js', `file://${KIT_CSP}`).pathname))
			.replace("'./crypto.js'", JSON.stringify(new URL('./crypto.js', `file://${KIT_CSP}`).pathname));
		const dir = mkdtempSync(join(tmpdir(), 'csp-'));
		writeFileSync(join(dir, 'csp.js'), code);
		(globalThis as Record<string, unknown>).__SVELTEKIT_DEV__ = false;
		return (await import(/* @vite-ignore */ join(dir, 'csp.js'))) as { Csp: new (config: object, opts: object) => Record<string, any> };
	}
	const directives = { 'script-src': ['self'], 'style-src': ['self'] };

	it('is not drawn in hash mode, where nothing uses it, and the header is as before', async () => {
		const { Csp } = await importFixedCsp();
		const draw = vi.spyOn(crypto, 'getRandomValues');
		try {
			const csp = new Csp({ mode: 'hash', directives, reportOnly: {} }, { prerender: false });
			csp.add_script('console.log(1)');
			const header = csp.csp_provider.get_header();
			expect(header).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
			expect(header).not.toContain('nonce-');
			expect(draw).not.toHaveBeenCalled();
		} finally {
			draw.mockRestore();
		}
	});

	it('is drawn once, when first needed, in nonce mode and for a template that asks for it', async () => {
		const { Csp } = await importFixedCsp();
		const csp = new Csp({ mode: 'nonce', directives, reportOnly: {} }, { prerender: false });
		csp.add_script('console.log(1)');
		expect(csp.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
		expect(csp.nonce).toBe(csp.nonce);
		expect(csp.csp_provider.get_header()).toContain(`'nonce-${csp.nonce}'`);
		const hashed = new Csp({ mode: 'hash', directives, reportOnly: {} }, { prerender: false });
		expect(hashed.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
		expect(hashed.nonce).not.toBe(csp.nonce);
	});

	it('is handed to the page template only when the template has a place for it', () => {
		const render = readFileSync(KIT_RENDER, 'utf8');
		const fixed = applyUpstreamFix(KIT_RENDER, render) ?? '';
		const template = fixed.slice(fixed.indexOf('const html = options.templates.app({'));
		expect(template.slice(0, 200)).toContain("nonce: options.app_template_contains_nonce ? csp.nonce : '',");
		expect(fixed).not.toContain('(csp.nonce),');
		// Where the page itself needs the nonce, it is still asked for.
		expect(fixed).toContain('csp.script_needs_nonce ? { nonce: csp.nonce }');
		expect(() => applyUpstreamFix(KIT_RENDER, render.replace('(csp.nonce),', '(csp.get_nonce()),'))).toThrow(/render\.js[\s\S]*every page in hash mode/);
	});

	it('stops the build when the statements it replaces changed', () => {
		const csp = readFileSync(KIT_CSP, 'utf8');
		expect(() => applyUpstreamFix(KIT_CSP, csp.replace('nonce = generate_nonce();', 'nonce = make_nonce();'))).toThrow(/csp\.js[\s\S]*every page in hash mode/);
		expect(() => applyUpstreamFix(KIT_CSP, csp.replace('reportOnly, this.nonce);', 'report_only, this.nonce);'))).toThrow(/csp\.js[\s\S]*every page in hash mode/);
	});
});
