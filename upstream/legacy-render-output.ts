interface Rendered {
	head: string;
	body: string;
	hashes?: unknown;
	then: Promise<Rendered>['then'];
}

interface LegacyOutput {
	css: { code: string; map: null };
	head: string;
	html: string;
	hashes?: unknown;
}

/**
 * What a component made with Svelte's `asClassComponent` returns from `render()` on the server;
 * SvelteKit renders every page through one. Svelte builds it per render with `head` and `html`
 * getters that are closures over the render's result (svelte/src/legacy/legacy-server.js); V8
 * keeps accessor pairs in its old generation, so each rendered page, its data and its HTML stayed
 * reachable for the young-generation collector until the next full collection (docs/performance.md,
 * "Why finished requests lived on"). The same reads, from the prototype.
 */
export class LegacyRenderOutput {
	readonly #result: Rendered;
	readonly #asyncMode: boolean;
	declare readonly css: { code: string; map: null };

	constructor(result: Rendered, asyncMode: boolean) {
		this.#result = result;
		this.#asyncMode = asyncMode;
		Object.defineProperty(this, 'css', { value: { code: '', map: null } });
	}

	get head() {
		return this.#result.head;
	}

	get html() {
		return this.#result.body;
	}

	then<T>(onfulfilled: (value: LegacyOutput) => T, onrejected?: (reason: unknown) => never) {
		if (!this.#asyncMode) return Promise.resolve(onfulfilled({ css: this.css, head: this.head, html: this.html }));
		return this.#result.then(
			(result) => onfulfilled({ css: this.css, head: result.head, html: result.body, hashes: result.hashes }),
			onrejected
		);
	}
}
