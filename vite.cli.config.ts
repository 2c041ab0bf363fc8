import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The shell tools (`npm run admin`, `backup`, `seed:bench`) are bundled from scripts/ with the app's own modules.
export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	build: {
		ssr: true,
		outDir: 'build/cli',
		emptyOutDir: true,
		target: 'node22',
		rollupOptions: {
			input: { admin: 'scripts/admin.ts', backup: 'scripts/backup.ts', dossier: 'scripts/dossier.ts', mail: 'scripts/mail.ts', render: 'scripts/render.ts', export: 'scripts/export.ts', 'seed-bench': 'scripts/seed-bench.ts' },
			external: [...Object.keys(pkg.dependencies), /^node:/],
			output: { entryFileNames: '[name].js' }
		}
	},
	logLevel: 'warn'
});
