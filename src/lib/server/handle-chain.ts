import type { Handle, RequestEvent, ResolveOptions } from '@sveltejs/kit';

/**
 * Resolve options of an inner handle merged with those of the handles around it, as Kit's
 * `sequence` merges them: page transforms run innermost first; for `preload` and
 * `filterSerializedResponseHeaders` the outermost handle (the first in the chain) that gives one wins.
 */
function merge(outer: ResolveOptions | undefined, inner: ResolveOptions | undefined): ResolveOptions | undefined {
	if (!outer || !inner) return inner ?? outer;
	const first = inner.transformPageChunk;
	const then = outer.transformPageChunk;
	return {
		filterSerializedResponseHeaders: outer.filterSerializedResponseHeaders ?? inner.filterSerializedResponseHeaders,
		preload: outer.preload ?? inner.preload,
		transformPageChunk: first && then ? async (input) => then({ ...input, html: (await first(input)) ?? '' }) : (first ?? then)
	};
}

/**
 * The handles one inside the other, in order: what Kit's `sequence` does, without what it adds for
 * tracing. `sequence` runs each handle in a span and a request store of its own and passes the
 * resolve options on as new closures over the request at every level; SvelteKit keeps those
 * options for the whole render, and V8 then kept each finished request alive until a full garbage
 * collection (docs/performance.md, "The admin case, session 7"). Here the options a handle gives
 * are passed on as they are, and merged only when two handles both give some (see merge).
 */
export function chain(...handles: Handle[]): Handle {
	return ({ event, resolve }) => {
		const next = (i: number, event: RequestEvent, options: ResolveOptions | undefined): ReturnType<Handle> =>
			i === handles.length
				? resolve(event, options)
				: handles[i]({ event, resolve: (event, inner) => next(i + 1, event, merge(options, inner)) });
		return next(0, event, undefined);
	};
}
