import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesFor, SERVER_ONLY, STAFF } from '../../scripts/client-messages.js';

const en = JSON.parse(readFileSync('src/lib/i18n/locales/en.json', 'utf8'));

function svelteFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? svelteFiles(path) : path.endsWith('.svelte') ? [path] : [];
	});
}

/** A page sent without JavaScript (`export const csr = false` beside it): rendered on the server only. */
const serverOnlyPage = (file: string) => {
	const server = join(dirname(file), '+page.server.ts');
	return file.endsWith('+page.svelte') && existsSync(server) && /export const csr = false/.test(readFileSync(server, 'utf8'));
};

/** Components used by the staff panel alone. */
const PANEL_COMPONENTS = ['src/lib/components/SignatureReasonSelect.svelte'];

describe('the messages a browser gets (scripts/client-messages.js)', () => {
	it('splits a dictionary into the public part and the panel’s, leaving out what only the server renders', () => {
		const pub = messagesFor(en, 'public');
		const staff = messagesFor(en, 'admin');
		expect(Object.keys(staff)).toEqual([STAFF]);
		for (const section of Object.keys(en)) {
			const where = [section in pub, section in staff, SERVER_ONLY.includes(section)].filter(Boolean);
			expect(where, section).toHaveLength(1);
		}
		expect(JSON.stringify(pub).length).toBeLessThan(JSON.stringify(en).length * 0.5);
	});

	it('holds every message a page rendered in the browser asks for', () => {
		const sectionsOf = (source: string) => [...source.matchAll(/\$_\(\s*['"`]([a-zA-Z]+)\./g)].map((m) => m[1]);
		for (const file of svelteFiles('src')) {
			if (serverOnlyPage(file)) continue;
			const staff = file.startsWith(join('src', 'routes', 'admin')) || PANEL_COMPONENTS.includes(file);
			for (const section of sectionsOf(readFileSync(file, 'utf8'))) {
				expect(SERVER_ONLY, `${file} asks for ${section}.*`).not.toContain(section);
				if (!staff) expect(section, `${file} asks for the panel's messages`).not.toBe(STAFF);
			}
		}
	});

	it('gives the forms’ own script every error message and the heading of their list, and nothing else', () => {
		const forms = messagesFor(en, 'forms');
		expect(Object.keys(forms)).toEqual(['errors', 'sign']);
		expect(forms.errors).toEqual(en.errors);
		expect(forms.sign).toEqual({ errorSummary: en.sign.errorSummary });
		// The keys src/lib/client/form.ts looks up, and those the schemas give (errors.*).
		const script = readFileSync('src/lib/client/form.ts', 'utf8');
		for (const [, key] of script.matchAll(/say\('([\w.]+)'\)/g)) {
			expect(key.split('.').reduce((at: Record<string, unknown> | undefined, part) => at?.[part] as Record<string, unknown>, forms), key).toBeTypeOf('string');
		}
	});
});
