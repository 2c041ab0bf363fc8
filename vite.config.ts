import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { upstreamFixes } from './upstream/fixes.ts';
import { webFonts } from './scripts/fonts.js';
import { clientMessages } from './scripts/client-messages.js';

export default defineConfig({
	plugins: [webFonts(), clientMessages(), upstreamFixes(), sveltekit()],
	// Bundled rather than loaded from node_modules at start: Node's ESM loader reads drizzle-orm's
	// 180 KB package.json for each of its ~150 modules, which left ~250 MB of resident memory behind.
	ssr: { noExternal: ['drizzle-orm'] },
	// Fonts stay files, however small: a page preloads them, and the browser keeps them across pages.
	build: { assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined) },
	// The pages' own script (src/lib/client/enhance.ts) is bundled like a worker: as a module, so that
	// what it needs only later (the forms' checks, the robot check) comes in chunks of its own.
	worker: { format: 'es', plugins: () => [clientMessages()] },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000
	}
});
