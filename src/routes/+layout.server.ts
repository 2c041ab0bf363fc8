import { isLocale } from '$lib/i18n/locales';
import type { LayoutServerLoad } from './$types';

// No database here: the root layout must load even when the database cannot, so that the error
// page still renders in the visitor's language. Reading params.lang (not only locals) makes Kit
// run this load again when client-side navigation changes the language.
export const load: LayoutServerLoad = ({ params, locals }) => ({
	lang: isLocale(params.lang) ? params.lang : locals.locale
});
