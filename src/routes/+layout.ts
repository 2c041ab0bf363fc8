import { browser } from '$app/environment';
import { loadMessages } from '$lib/i18n';
import type { LayoutLoad } from './$types';

/** In the browser, the page's dictionary arrives before the page is rendered (see $lib/i18n). */
export const load: LayoutLoad = async ({ data, url }) => {
	if (browser) await loadMessages(data.lang, url.pathname === '/admin' || url.pathname.startsWith('/admin/'));
	return data;
};
