type Matchers = Record<string, unknown>;
interface Manifest {
	_: { matchers: () => Promise<Matchers> };
}

const loaded = new WeakMap<object, Promise<Matchers>>();

/**
 * A manifest's route parameter matchers, imported once. The manifest SvelteKit generates imports
 * them on every call (`matchers: async () => { const { match } = await import(…) … }`), and
 * SvelteKit calls it for every request it routes: a dynamic import of a module that is already
 * loaded still goes through Node's module loader, 4 % of an admin page's time
 * (docs/performance.md). A failed import is not kept, so the next request tries again.
 */
export function matchersOf(manifest: Manifest): Promise<Matchers> {
	let matchers = loaded.get(manifest._);
	if (!matchers) {
		matchers = manifest._.matchers();
		loaded.set(manifest._, matchers);
		matchers.catch(() => loaded.delete(manifest._));
	}
	return matchers;
}
