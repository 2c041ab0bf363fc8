import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Upstream code replaced in the server build only, where one process answers many requests.
 *
 * Two functions of SvelteKit and Svelte give an object they make for every request a getter that
 * is a closure over that request. V8 allocates accessor pairs in its old generation, and the
 * young-generation collector treats everything an old object points to as alive: every finished
 * request (its data, its rendered HTML) was copied twice and promoted, and lived until the next
 * full collection. On the moderators' list that was ~60 KB a request and seven full collections
 * per thousand pages (docs/performance.md, "Why finished requests lived on"). The replacements do
 * the same with getters defined once, on a class's prototype.
 *
 * One statement of SvelteKit's request handling imports the route matchers again for every
 * request; the replacement imports them once (upstream/matchers.ts). Another hashes every page it
 * renders for an ETag; the replacement leaves it out on staff pages, which are never stored (their
 * Cache-Control is no-store, cache-policy.js), so no browser would ever send it back. The hash of a
 * moderators' list was ~5 % of its cost (docs/performance.md). SvelteKit also serialises every
 * page's server data for the browser even when the page sends no script (`csr = false`), where
 * nothing reads it, and draws a CSP nonce for every page even in hash mode, where nothing uses it
 * (this app's template has no `%sveltekit.nonce%`): ~1.5 % and ~1.2 % of a moderators' list.
 *
 * Each replacement is applied only to the exact upstream code it was written against: a function
 * only if its text hashes the same, a statement only if it occurs exactly once. When an upgrade
 * changes one, the build stops and says so, so that someone checks whether upstream fixed it and
 * drops or adapts the replacement.
 */
type Fix = {
	/** The module's path inside node_modules. */
	module: string;
	replacement: string;
	/** What to check in a new upstream version before updating or removing the fix. */
	check: string;
} & (
	| {
			/** Where the function starts; it ends at the next line that is only `}`. */
			start: string;
			sha256: string;
	  }
	| {
			/** One statement, replaced where it stands; the module must contain it exactly once. */
			statement: string;
			/** Import statements the replacement needs, added at the end of the module. */
			imports: string;
	  }
);

/** A module next to this file, as a quoted path for an import statement. */
const importPath = (name: string) => JSON.stringify(fileURLToPath(new URL(name, import.meta.url)));

const FIXES: Fix[] = [
	{
		module: '@sveltejs/kit/src/utils/url.js',
		start: 'export function make_trackable(',
		check: 'whether the new version still makes a closure getter per request',
		sha256: '16a60559a5a0fa0c1a35099aa5f274972cc8436b072e0f005f87e8a73f325177',
		replacement: `import { TrackedURL } from ${importPath('./tracked-url.ts')};
export function make_trackable(url, callback, search_params_callback, allow_hash = false) {
	return new TrackedURL(url, callback, search_params_callback, allow_hash);
}
`
	},
	{
		module: 'svelte/src/legacy/legacy-server.js',
		start: 'export function asClassComponent(',
		check: 'whether the new version still makes a closure getter per request',
		sha256: '4e5ae01f1fa0a520c764ebd050aab6c8bc4aa1fa7aa8300a3424c2b5c1a56643',
		replacement: `import { LegacyRenderOutput } from ${importPath('./legacy-render-output.ts')};
export function asClassComponent(component) {
	const component_constructor = as_class_component(component);
	component_constructor.render = (props, { context, csp, transformError } = {}) =>
		new LegacyRenderOutput(render(component, { props, context, csp, transformError }), async_mode_flag);
	return component_constructor;
}
`
	},
	{
		module: '@sveltejs/kit/src/runtime/server/respond.js',
		statement: 'const matchers = await manifest._.matchers();',
		check: 'whether the new version still imports the route matchers on every request',
		replacement: 'const matchers = await matchers_of(manifest);',
		imports: `\nimport { matchersOf as matchers_of } from ${importPath('./matchers.ts')};\n`
	},
	{
		module: '@sveltejs/kit/src/runtime/server/page/render.js',
		statement: 'headers.set(\'etag\', `"${hash(transformed)}"`);',
		check: 'whether the new version still hashes every page it renders, whatever its Cache-Control',
		replacement: 'if (!never_stored(event.url.pathname)) headers.set(\'etag\', `"${hash(transformed)}"`);',
		imports: `\nimport { neverStored as never_stored } from ${importPath('../cache-policy.js')};\n`
	},
	{
		module: '@sveltejs/kit/src/runtime/server/page/index.js',
		statement: 'data_serializer.add_node(i, server_data);',
		check: 'whether the new version still serialises the server data of pages that send no script',
		replacement: 'if (csr) data_serializer.add_node(i, server_data);',
		imports: ''
	},
	{
		module: '@sveltejs/kit/src/runtime/server/page/csp.js',
		statement: 'nonce = generate_nonce();',
		check: 'whether the new version still draws a nonce for every page in hash mode',
		replacement: '#drawn_nonce;\n\tget nonce() {\n\t\treturn (this.#drawn_nonce ??= generate_nonce());\n\t}',
		imports: ''
	},
	{
		module: '@sveltejs/kit/src/runtime/server/page/csp.js',
		statement:
			'this.csp_provider = new CspProvider(use_hashes, directives, this.nonce);\n\t\tthis.report_only_provider = new CspReportOnlyProvider(use_hashes, reportOnly, this.nonce);',
		check: 'whether the new version still draws a nonce for every page in hash mode',
		replacement:
			"this.csp_provider = new CspProvider(use_hashes, directives, use_hashes ? '' : this.nonce);\n\t\tthis.report_only_provider = new CspReportOnlyProvider(use_hashes, reportOnly, use_hashes ? '' : this.nonce);",
		imports: ''
	},
	{
		// The page template is handed the nonce whether or not it has a place for it.
		module: '@sveltejs/kit/src/runtime/server/page/render.js',
		statement: 'nonce: /** @type {string} */ (csp.nonce),',
		check: 'whether the new version still draws a nonce for every page in hash mode',
		replacement: "nonce: options.app_template_contains_nonce ? csp.nonce : '',",
		imports: ''
	}
];

/** The module's code with its fixes applied; `null` for every other module. Throws when the upstream code changed. */
export function applyUpstreamFix(id: string, code: string): string | null {
	const path = id.split('?')[0].replaceAll('\\', '/');
	const fixes = FIXES.filter((f) => path.endsWith(`/node_modules/${f.module}`));
	return fixes.length === 0 ? null : fixes.reduce((fixed, fix) => applyFix(fix, fixed), code);
}

function applyFix(fix: Fix, code: string): string {
	if ('statement' in fix) {
		const at = code.indexOf(fix.statement);
		if (at === -1 || code.indexOf(fix.statement, at + 1) !== -1) {
			throw new Error(
				`${fix.module}: \`${fix.statement}\` is not there exactly once, as upstream/fixes.ts expects. ` +
					`Check ${fix.check}; then update the fix or remove it.`
			);
		}
		return code.slice(0, at) + fix.replacement + code.slice(at + fix.statement.length) + fix.imports;
	}
	const start = code.indexOf(fix.start);
	const end = code.indexOf('\n}\n', start);
	const original = start === -1 || end === -1 ? '' : code.slice(start, end + 2);
	if (createHash('sha256').update(original).digest('hex') !== fix.sha256) {
		throw new Error(
			`${fix.module}: \`${fix.start}…\` is not the version upstream/fixes.ts replaces. ` +
				`Check ${fix.check}; then update the fix or remove it.`
		);
	}
	// Imports are hoisted, so the one in the replacement may sit in the middle of the module.
	return code.slice(0, start) + fix.replacement + code.slice(end + 3);
}

export function upstreamFixes(): Plugin {
	return {
		name: 'undersigned:upstream-fixes',
		enforce: 'pre',
		transform(code, id) {
			// Only the server handles many requests in one process; the browser's code stays as shipped.
			if (this.environment?.config.consumer !== 'server') return null;
			return applyUpstreamFix(id, code);
		}
	};
}
