import type { Locale } from '$lib/i18n/locales';

declare global {
	namespace App {
		interface Locals {
			/** The page's language: the URL's, or for pages outside /{lang}, the visitor's. */
			locale: Locale;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
