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
 * Kept only while each buys 10 % or more on a path a supporter waits on, or keeps the memory
 * target (these two: +18 % public name searches a second, measured with and without in session 12;
 * memory the same either way); docs/upstream.md gives each a reproduction that could be reported upstream. (Three
 * replacements for the staff panel alone, 1–10 % of a moderators' page each, were dropped in
 * session 11: Kit's ETag on never-stored pages, the server data of pages without scripts, and the
 * CSP nonce in hash mode; in session 12 the import of the route matchers once instead of per
 * request, under 1 % of a signature.)
 *
 * Each replacement is applied only to the exact upstream code it was written against: a function
 * only if its text hashes the same, and only while the module still has the names the replacement
 * uses. When an upgrade
 * changes one, the build stops and says so, so that someone checks whether upstream fixed it and
 * drops or adapts the replacement.
 */
type Fix = {
	/** The module's path inside node_modules. */
	module: string;
	replacement: string;
	/** What to check in a new upstream version before updating or removing the fix. */
	check: string;
	/** Names of the module that the replacement uses: the build stops if one of them is gone. */
	relies: string[];
	/** Where the function starts; it ends at the next line that is only `}`. */
	start: string;
	sha256: string;
};

/** A module next to this file, as a quoted path for an import statement. */
const importPath = (name: string) => JSON.stringify(fileURLToPath(new URL(name, import.meta.url)));

const FIXES: Fix[] = [
	{
		module: '@sveltejs/kit/src/utils/url.js',
		start: 'export function make_trackable(',
		check: 'whether the new version still makes a closure getter per request',
		sha256: '16a60559a5a0fa0c1a35099aa5f274972cc8436b072e0f005f87e8a73f325177',
		relies: [],
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
		relies: ['as_class_component', 'render', 'async_mode_flag'],
		replacement: `import { LegacyRenderOutput } from ${importPath('./legacy-render-output.ts')};
export function asClassComponent(component) {
	const component_constructor = as_class_component(component);
	component_constructor.render = (props, { context, csp, transformError } = {}) =>
		new LegacyRenderOutput(render(component, { props, context, csp, transformError }), async_mode_flag);
	return component_constructor;
}
`
	}
];

/** The module's code with its fixes applied; `null` for every other module. Throws when the upstream code changed. */
export function applyUpstreamFix(id: string, code: string): string | null {
	const path = id.split('?')[0].replaceAll('\\', '/');
	const fixes = FIXES.filter((f) => path.endsWith(`/node_modules/${f.module}`));
	return fixes.length === 0 ? null : fixes.reduce((fixed, fix) => applyFix(fix, fixed), code);
}

function applyFix(fix: Fix, code: string): string {
	for (const name of fix.relies) {
		if (!new RegExp(`\\b${name}\\b`).test(code)) {
			throw new Error(`${fix.module}: the replacement relies on \`${name}\`, which is no longer in the module. Check ${fix.check}; then update the fix or remove it.`);
		}
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
