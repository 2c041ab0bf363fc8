import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Svelte's experimental async SSR breaks the per-request locale: the root layout sets svelte-i18n's
		// one global locale as the first statement of a synchronous render (src/lib/i18n/index.ts).
		experimental: { async: false }
	},
	kit: {
		// Style sheets up to this size go into the page itself: no request to wait for before the
		// first paint (the site's own sheet is ~33 KB, ~13 KB compressed). CSP hashes them.
		inlineStyleThreshold: 48 * 1024,
		// BUILD_DIR lets the build test write to a scratch folder instead of build/.
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		// Pages are cacheable and shared, so scripts and styles are allowed by hash, never by nonce.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// Kit's route announcer carries a style attribute. Attributes cannot hold selectors or
				// load anything beyond img-src, so this is allowed while <style> elements stay hash-only.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'base-uri': ['none'],
				'object-src': ['none'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
