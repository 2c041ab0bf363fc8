// The embedded defaults: what `npm start` needs without any configuration. adapter-node reads its
// settings when build/handler.js is loaded, so these are applied before it is imported.
import { fileURLToPath } from 'node:url';

export function applyDefaults(env = process.env) {
	// Settings may live in .env; variables already in the environment win over it.
	try {
		process.loadEnvFile('.env');
	} catch (error) {
		if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
	}
	// Whatever this process writes (the database, its journal, the secret, backups, logos) is its
	// owner's alone: files 0600, folders 0700.
	process.umask(0o077);
	env.PORT ||= '3000';
	env.HOST ||= '0.0.0.0';
	// Form posts pass SvelteKit's origin check with no configuration when the site is opened here.
	env.ORIGIN ||= `http://localhost:${env.PORT}`;
	// Room for an organization's 2 MB logo in a multipart form; smaller per-route limits apply later.
	env.BODY_SIZE_LIMIT ||= '3M';
	// The daily backup runs this program in a child process, so that copying and checking a large
	// database never holds up requests (see src/lib/server/jobs.ts).
	env.BACKUP_PROGRAM ||= fileURLToPath(new URL('../build/cli/backup.js', import.meta.url));
	// Dossiers are typeset in a child process too (src/lib/server/dossier/produce.ts).
	env.DOSSIER_PROGRAM ||= fileURLToPath(new URL('../build/cli/dossier.js', import.meta.url));
	// And mail is rendered and sent in one of its own (src/lib/server/mail/process.ts).
	env.MAIL_PROGRAM ||= fileURLToPath(new URL('../build/cli/mail.js', import.meta.url));
	// Share pictures and posters are made in a helper process (src/lib/server/documents.ts), CSV exports
	// written by one (src/lib/server/exports.ts).
	env.RENDER_PROGRAM ||= fileURLToPath(new URL('../build/cli/render.js', import.meta.url));
	env.EXPORT_PROGRAM ||= fileURLToPath(new URL('../build/cli/export.js', import.meta.url));
}
