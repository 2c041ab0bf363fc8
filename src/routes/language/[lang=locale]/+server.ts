import { redirect } from '@sveltejs/kit';
import { LANG_COOKIE, type Locale } from '$lib/i18n/locales';
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

/** Only a path on this site in the chosen language: never another host (no open redirect). */
function safeNext(next: string | null, lang: Locale): string {
	if (!next || !/^\/[a-z]{2}(\/[\w\-./~%]*)?$/.test(next) || next.includes('//')) return `/${lang}`;
	return next.split('/')[1] === lang ? next : `/${lang}`;
}
