// Which public answers are the same for everyone, and so may be kept and shared for a few seconds,
// and which are personal and never kept. Plain JavaScript: serve/shared-pages.js (the page cache in front of
// the app), the app's hooks (the Cache-Control they send) and upstream/fixes.ts (Kit's ETag) read it.

import languages from './src/lib/i18n/languages.json' with { type: 'json' };

const LANG = `(?:${Object.keys(languages).join('|')})`;
const SLUG = '[a-z0-9-]{1,80}';
const DATA = '(?:/__data\\.json)?';

/** Path patterns, each with the query parameters that change the answer (all others are ignored). */
const CACHEABLE = [
	{ pattern: new RegExp(`^/${LANG}${DATA}$`), params: [] },
	{ pattern: new RegExp(`^/${LANG}/(?:privacy|imprint)${DATA}$`), params: [] },
	{ pattern: new RegExp(`^/${LANG}/statements/${SLUG}${DATA}$`), params: [] },
	// A name search is made for whoever asked it (a few milliseconds through the name index): kept,
	// one client sending new searches would fill the shared cache and push everyone's pages out of it.
	{ pattern: new RegExp(`^/${LANG}/statements/${SLUG}/signatories${DATA}$`), params: ['country', 'after'], personalIf: 'q' },
	{ pattern: new RegExp(`^/${LANG}/statements/${SLUG}/organizations${DATA}$`), params: ['country', 'type', 'after'] },
	{ pattern: new RegExp(`^/${LANG}/statements/${SLUG}/statistics${DATA}$`), params: [] },
	// The share picture: what a shared link's preview fetches, made at most once a minute.
	{ pattern: new RegExp(`^/${LANG}/statements/${SLUG}/share\\.png$`), params: [] },
	{ pattern: new RegExp(`^/api/v1/statements/${SLUG}$`), params: [] },
	{ pattern: new RegExp(`^/api/v1/statements/${SLUG}/organizations$`), params: ['country', 'type', 'after', 'limit'] },
	{ pattern: new RegExp(`^/embed/${SLUG}$`), params: ['lang'] }
];

// Kit's client-side navigation asks __data.json with these.
const DATA_PARAMS = ['x-sveltekit-invalidated', 'x-sveltekit-trailing-slash'];

/** Seconds a shared answer may be reused (PAGE_CACHE_SECONDS, default 5): counts on public pages are at most this old. */
export const SHARED_MAX_AGE = readSeconds(process.env.PAGE_CACHE_SECONDS, 5);

/**
 * @param {string | undefined} value
 * @param {number} fallback
 */
function readSeconds(value, fallback) {
	const n = Number(value);
	return value?.trim() && Number.isInteger(n) && n >= 1 && n <= 60 ? n : fallback;
}

/** The Cache-Control of a shareable answer: browsers and proxies may keep it briefly and revalidate in the background. */
export const SHARED_CACHE_CONTROL = `public, max-age=${SHARED_MAX_AGE}, stale-while-revalidate=30`;

/**
 * The process event with which the app tells the page cache (serve/shared-pages.js) that a signed-in staff member changed
 * something the public pages show (a text, a decision, a setting): the shared answers are dropped.
 */
export const STAFF_CHANGE_EVENT = 'undersigned:staff-change';

/**
 * Whether answers to this path are personal (the staff panel's): never stored by a browser or a
 * proxy (Cache-Control: no-store), so they carry no ETag either.
 * @param {string} pathname
 */
export function neverStored(pathname) {
	return pathname === '/admin' || pathname.startsWith('/admin/');
}

/**
 * The key under which an answer to this request is shared, or null when it must be made for the
 * request itself. Unknown query parameters are left out, so that adding them cannot bypass the cache.
 * @param {string} method
 * @param {URL} url
 * @returns {string | null}
 */
export function sharedCacheKey(method, url) {
	if (method !== 'GET' && method !== 'HEAD') return null;
	const rule = CACHEABLE.find((r) => r.pattern.test(url.pathname));
	if (!rule || (rule.personalIf && url.searchParams.get(rule.personalIf))) return null;
	const keep = url.pathname.endsWith('/__data.json') ? [...rule.params, ...DATA_PARAMS] : rule.params;
	const query = keep
		.filter((name) => url.searchParams.has(name))
		.map((name) => `${name}=${encodeURIComponent(url.searchParams.get(name) ?? '')}`)
		.join('&');
	return query ? `${url.pathname}?${query}` : url.pathname;
}
