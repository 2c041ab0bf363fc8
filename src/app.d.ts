import type { Locale } from '$lib/i18n/locales';
import type { Staff } from '$lib/server/auth/guard';

declare global {
	namespace App {
		interface Locals {
			/** The page's language: the URL's, or for pages outside /{lang}, the visitor's. */
			locale: Locale;
			/** The signed-in staff member on /admin pages (whatever their second-factor state), else null. */
			staff: Staff | null;
			/** Set when the request failed because the database was locked or full: answered 503, not 500. */
			databaseUnavailable?: boolean;
			/** Set when the body is over its route's limit: the action answers a 413 page without reading it. */
			bodyTooLarge?: boolean;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
