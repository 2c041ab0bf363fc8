import { redirect } from '@sveltejs/kit';
import { LANG_COOKIE, negotiateLocale } from '$lib/i18n/locales';
import type { RequestHandler } from './$types';

/** `/` sends each visitor to their language: a remembered choice, else Accept-Language, else English. */
export const GET: RequestHandler = ({ request, cookies, setHeaders }) => {
	const lang = negotiateLocale(request.headers.get('accept-language'), cookies.get(LANG_COOKIE));
	setHeaders({ 'Cache-Control': 'no-store', Vary: 'Accept-Language, Cookie' });
	redirect(307, `/${lang}`);
};
