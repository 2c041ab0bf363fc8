import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The shell tool `npm run admin` is bundled from scripts/admin.ts with the app's own modules.
export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	build: {
		ssr: 'scripts/admin.ts',
		outDir: 'build/cli',
		emptyOutDir: true,
		target: 'node22',
		rollupOptions: { external: [...Object.keys(pkg.dependencies), /^node:/], output: { entryFileNames: 'admin.js' } }
	},
	logLevel: 'warn'
});
