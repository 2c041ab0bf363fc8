const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const TRACKED = ['href', 'pathname', 'search', 'toString', 'toJSON'] as const;

type Inspect = (value: unknown, options: unknown) => string;

/** Made out here so that the function holds only what it prints, not the request around it. */
function inspectAs(value: unknown) {
	return (_depth: number, options: unknown, inspect: Inspect) => inspect(value, options);
}

/**
 * The `url` a server `load` receives, in place of SvelteKit's `make_trackable` (kit/src/utils/url.js):
 * reading what can change between navigations marks the load as depending on it, reading `hash`
 * throws. Kit defines those getters on each copy as closures over the request. V8 keeps accessor
 * pairs in its old generation, so every request stayed reachable for the young-generation
 * collector until the next full collection (docs/performance.md, "Why finished requests lived
 * on"). Here the getters are defined once, on the prototype, and read the copy's private fields.
 */
export class TrackedURL extends URL {
	readonly #url: URL;
	readonly #track: () => void;
	readonly #allowHash: boolean;

	constructor(url: URL, track: () => void, trackSearchParam: (name: string) => void, allowHash = false) {
		super(url);
		this.#url = url;
		this.#track = track;
		this.#allowHash = allowHash;
		const searchParams = super.searchParams;
		// Node's inspect looks through a proxy to its target and calls the target's own inspect with the proxy as `this`.
		Object.defineProperty(searchParams, INSPECT, { value: inspectAs(url.searchParams) });
		Object.defineProperty(this, 'searchParams', {
			value: new Proxy(searchParams, {
				get(params, key) {
					if (key === 'get' || key === 'getAll' || key === 'has') {
						return (name: string, ...rest: [string?]) => {
							trackSearchParam(name);
							return params[key](name, ...rest);
						};
					}
					// Anything else (entries, keys, size, …) depends on the whole query.
					track();
					const value = Reflect.get(params, key);
					return typeof value === 'function' ? value.bind(params) : value;
				}
			}),
			enumerable: true,
			configurable: true
		});
	}

	static {
		for (const property of TRACKED) {
			Object.defineProperty(TrackedURL.prototype, property, {
				get(this: TrackedURL) {
					this.#track();
					return this.#url[property];
				},
				enumerable: true,
				configurable: true
			});
		}
		Object.defineProperty(TrackedURL.prototype, 'hash', {
			get(this: TrackedURL) {
				if (!this.#allowHash) {
					throw new Error('Cannot access event.url.hash. Consider using `page.url.hash` inside a component instead');
				}
				this.#track();
				return this.#url.hash;
			},
			enumerable: true,
			configurable: true
		});
	}

	[INSPECT](_depth: number, options: unknown, inspect: Inspect) {
		return inspect(this.#url, options);
	}
}
