import { redirect } from '@sveltejs/kit';
import { isStaffPath, LANG_COOKIE, type Locale } from '$lib/i18n/locales';
import type { RequestHandler } from './$types';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** Remembers the language a visitor picked, then shows them the page they were on in it. */
export const GET: RequestHandler = ({ params, url, cookies, setHeaders }) => {
	const lang = params.lang as Locale;
	cookies.set(LANG_COOKIE, lang, {
		path: '/',
		maxAge: ONE_YEAR,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
	setHeaders({ 'Cache-Control': 'no-store' });
	redirect(303, safeNext(url.searchParams.get('next'), lang));
};

/**
 * Only a path on this site in the chosen language, or the staff panel with its search: never
 * another host (no open redirect).
 */
function safeNext(next: string | null, lang: Locale): string {
	const fallback = `/${lang}`;
	if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
	const url = new URL(next, 'http://localhost');
	// Dot segments or anything else that normalises differently is refused outright.
	if (url.host !== 'localhost' || url.pathname + url.search + url.hash !== next) return fallback;
	if (isStaffPath(url.pathname)) return url.pathname + url.search;
	return url.pathname === fallback || url.pathname.startsWith(`${fallback}/`) ? url.pathname : fallback;
}
