// Serves the production build (`npm run build`). What runs only in production, around the app
// SvelteKit built, is all here, each part in its own module under serve/:
// - the embedded defaults (PORT, ORIGIN, the backup program …), applied before the app loads;
// - shared copies of public pages, rendered once for everyone for a few seconds (PAGE_CACHE=off to turn off);
// - pages rendered one per turn of the event loop, in the order they arrived;
// - every answer compressed when the browser takes it (brotli or gzip);
// - RFC 8058 one-click unsubscribe let past SvelteKit's cross-site form check;
// - a graceful stop on SIGTERM and SIGINT;
// - WORKERS=n server processes on the one port and database (serve/cluster.js).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { compressed } from './serve/compress.js';
import { applyDefaults } from './serve/defaults.js';
import { inTurn } from './serve/in-turn.js';
import { stopGracefully } from './serve/shutdown.js';
import { superviseWorkers, workerCount } from './serve/cluster.js';

// better-sqlite3's binary for this Node crashes an older one outright (a segmentation fault); say why instead.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
	console.error(`Undersigned needs Node.js 22.12 or newer (24 LTS recommended); this is ${process.version}. See README, "Two commands".`);
	process.exit(1);
}

applyDefaults();
const env = process.env;
const workers = workerCount(env.WORKERS);
if (workers > 1 && cluster.isPrimary) superviseWorkers(workers);
else await serve();

/** This process answers requests (alone, or as one of WORKERS). */
async function serve() {
	// Imported once the defaults and .env are in place: cache-policy.js reads PAGE_CACHE_SECONDS when loaded.
	const { sharedPages } = await import('./serve/shared-pages.js');

	// A computed specifier keeps the type checker out of the generated bundle.
	const buildDir = './build';
	/** @type {{ handler: import('node:http').RequestListener }} */
	const { handler } = await import(`${buildDir}/handler.js`);

	// RFC 8058 one-click unsubscribe comes from mail providers' servers, which send no Origin of ours;
	// SvelteKit's cross-site form check would refuse it. Only this address is let through (see its route).
	const ONE_CLICK_UNSUBSCRIBE = /^\/api\/v1\/unsubscribe\/[A-Za-z0-9_-]{32}$/;

	const answer = inTurn(handler);
	const answerPage = compressed(env.PAGE_CACHE !== 'off' ? sharedPages(handler, answer) : answer);

	const server = createServer((req, res) => {
		// Also for the static files, which are served before the app's hooks run.
		res.setHeader('X-Content-Type-Options', 'nosniff');
		if (req.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(req.url ?? '')) {
			req.headers.origin = new URL(/** @type {string} */ (env.ORIGIN)).origin;
		}
		answerPage(req, res);
	});
	server.listen(Number(env.PORT), env.HOST, () => {
		if (cluster.isWorker) console.log(`Server process ${process.pid} is listening on ${env.ORIGIN} (port ${env.PORT}).`);
		else console.log(`Undersigned is listening on ${env.ORIGIN} (port ${env.PORT}).`);
	});
	stopGracefully(server);
}
