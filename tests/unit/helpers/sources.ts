import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root, for tests that read its source files. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every source file (.ts, .js, .svelte) below `dir`. */
export function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sources(path);
		return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
	});
}
