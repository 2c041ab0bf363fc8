// Serves the production build (`npm run build`) with the platform's embedded defaults.
// adapter-node reads its settings when build/handler.js is loaded, so the defaults are set first.
import { createServer } from 'node:http';

// Settings may live in .env; variables already in the environment win over it.
try {
	process.loadEnvFile('.env');
} catch (error) {
	if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
}

const env = process.env;
env.PORT ||= '3000';
env.HOST ||= '0.0.0.0';
// Form posts pass SvelteKit's origin check with no configuration when the site is opened here.
env.ORIGIN ||= `http://localhost:${env.PORT}`;
// Room for an organization's 2 MB logo in a multipart form; smaller per-route limits apply later.
env.BODY_SIZE_LIMIT ||= '3M';

// A computed specifier keeps the type checker out of the generated bundle.
const buildDir = './build';
/** @type {{ handler: import('node:http').RequestListener }} */
const { handler } = await import(`${buildDir}/handler.js`);

// RFC 8058 one-click unsubscribe comes from mail providers' servers, which send no Origin of ours;
// SvelteKit's cross-site form check would refuse it. Only this address is let through (see its route).
const ONE_CLICK_UNSUBSCRIBE = /^\/api\/v1\/unsubscribe\/[A-Za-z0-9_-]{32}$/;

const server = createServer((req, res) => {
	// Also for the static files, which are served before the app's hooks run.
	res.setHeader('X-Content-Type-Options', 'nosniff');
	if (req.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(req.url ?? '')) {
		req.headers.origin = new URL(/** @type {string} */ (env.ORIGIN)).origin;
	}
	handler(req, res);
});
server.listen(Number(env.PORT), env.HOST, () => {
	console.log(`Undersigned is listening on ${env.ORIGIN} (port ${env.PORT}).`);
});

let stopping = false;
/** @param {NodeJS.Signals} signal */
function stop(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal} received: finishing open requests, then stopping.`);
	server.close(() => {
		// The app finishes the mail in flight and closes its database, then says so.
		const done = () => process.exit(0);
		process.once('undersigned:stopped', done);
		setTimeout(done, 10_000).unref();
		/** @type {(event: string, reason: string) => boolean} */ (process.emit)('sveltekit:shutdown', signal);
	});
	server.closeIdleConnections();
	// Keep-alive clients must not hold the process forever.
	setTimeout(() => server.closeAllConnections(), 5000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
