/**
 * Page data that only the server's render reads, on pages with `csr = false` (no scripts). SvelteKit
 * still writes every page's data into the HTML as JavaScript for hydration; for the moderators' list
 * of 50 signatures that was a fifth of the request's time, for nothing. src/hooks.ts writes a marked
 * value out as a placeholder instead. Client-side navigation from another panel page fetches the
 * page's data as JSON and renders it in the browser, so data requests are never marked.
 */
const marked = new WeakSet<object>();

export function serverOnly<T extends object>(value: T, event: { isDataRequest: boolean }): T {
	if (!event.isDataRequest) marked.add(value);
	return value;
}

export function isServerOnly(value: unknown): boolean {
	return typeof value === 'object' && value !== null && marked.has(value);
}
