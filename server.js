// Serves the production build (`npm run build`) with the platform's embedded defaults.
// adapter-node reads its settings when build/handler.js is loaded, so the defaults are set first.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { SHARED_MAX_AGE, STAFF_CHANGE_EVENT, sharedCacheKey } from './cache-policy.js';

// Settings may live in .env; variables already in the environment win over it.
try {
	process.loadEnvFile('.env');
} catch (error) {
	if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
}

// Whatever this process writes (the database, its journal, the secret, backups, logos) is its
// owner's alone: files 0600, folders 0700.
process.umask(0o077);

const env = process.env;
env.PORT ||= '3000';
env.HOST ||= '0.0.0.0';
// Form posts pass SvelteKit's origin check with no configuration when the site is opened here.
env.ORIGIN ||= `http://localhost:${env.PORT}`;
// Room for an organization's 2 MB logo in a multipart form; smaller per-route limits apply later.
env.BODY_SIZE_LIMIT ||= '3M';

// The daily backup runs this program in a child process, so that copying and checking a large
// database never holds up requests (see src/lib/server/jobs.ts).
env.BACKUP_PROGRAM ||= fileURLToPath(new URL('./build/cli/backup.js', import.meta.url));

// A computed specifier keeps the type checker out of the generated bundle.
const buildDir = './build';
/** @type {{ handler: import('node:http').RequestListener }} */
const { handler } = await import(`${buildDir}/handler.js`);

// RFC 8058 one-click unsubscribe comes from mail providers' servers, which send no Origin of ours;
// SvelteKit's cross-site form check would refuse it. Only this address is let through (see its route).
const ONE_CLICK_UNSUBSCRIBE = /^\/api\/v1\/unsubscribe\/[A-Za-z0-9_-]{32}$/;

// Public pages are the same for everyone: each is made once and its bytes are shared for a few
// seconds, so that a crowd refreshing the count costs one render, not one each (see cache-policy.js).
/** @typedef {{ status: number; headers: import('node:http').OutgoingHttpHeaders; body: Buffer; gzipped: Buffer | null }} Shared */
/** @type {LRUCache<string, Shared>} */
const shared = new LRUCache({
	max: 2000,
	maxSize: 64 * 1024 * 1024,
	sizeCalculation: (entry) => entry.body.byteLength + (entry.gzipped?.byteLength ?? 0) + 512,
	ttl: SHARED_MAX_AGE * 1000
});
// What staff change (texts, decisions, settings) shows at once. Only the app can tell a signed-in
// staff member's change from anyone's post to an /admin address (see handleAuth in hooks.server.ts);
// a surge of signatures never clears it.
process.on(STAFF_CHANGE_EVENT, () => shared.clear());
/** Renders in progress, so that requests arriving meanwhile wait for the same one. @type {Map<string, Promise<Shared | null>>} */
const rendering = new Map();
const pageCacheOn = env.PAGE_CACHE !== 'off';

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Shared} entry
 * @param {import('node:http').IncomingMessage} req
 */
function sendShared(req, res, entry) {
	const gzip = entry.gzipped !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
	const etag = entry.headers.etag ? String(entry.headers.etag).replace(/"$/, gzip ? '-gz"' : '"') : null;
	if (etag && req.headers['if-none-match'] === etag) {
		res.writeHead(304, { etag, vary: 'Accept-Encoding', 'cache-control': String(entry.headers['cache-control'] ?? '') });
		res.end();
		return;
	}
	const body = gzip ? /** @type {Buffer} */ (entry.gzipped) : entry.body;
	res.writeHead(entry.status, {
		...entry.headers,
		...(etag ? { etag } : {}),
		vary: 'Accept-Encoding',
		'content-length': body.byteLength,
		...(gzip ? { 'content-encoding': 'gzip' } : {})
	});
	res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Let the app answer, and keep a copy of what it sent when it may be shared.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<Shared | null>}
 */
function renderAndKeep(req, res) {
	return new Promise((resolve) => {
		/** @type {Buffer[]} */
		const chunks = [];
		/** @type {(...args: any[]) => any} */
		const write = res.write;
		/** @type {(...args: any[]) => any} */
		const end = res.end;
		res.write = /** @type {any} */ (
			function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
				if (chunk) chunks.push(Buffer.from(chunk));
				return write.call(res, chunk, ...rest);
			}
		);
		res.end = /** @type {any} */ (function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
			if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
			const headers = res.getHeaders();
			const keep = res.statusCode === 200 && req.method === 'GET' && !headers['set-cookie'] && String(headers['cache-control'] ?? '').startsWith('public');
			const body = keep ? Buffer.concat(chunks) : null;
			// Compressed once when kept, then sent to every browser that accepts it.
			resolve(body ? { status: 200, headers, body, gzipped: body.byteLength > 1024 ? gzipSync(body) : null } : null);
			return end.call(res, chunk, ...rest);
		});
		res.once('close', () => resolve(null));
		handler(req, res);
	});
}

// Pages the app renders start one per turn of the event loop, in the order they arrived. Left to
// itself, Node reads every waiting socket and renders each at once: a request that arrives just
// after such a batch began waits for the whole batch and then for its own, twice as long as the rest.
// Posts are not held back: the signatures that arrive together are written with one commit.
/** @type {Array<[import('node:http').IncomingMessage, import('node:http').ServerResponse]>} */
const arrived = [];
function startNext() {
	const next = arrived.shift();
	if (next) handler(...next);
	if (arrived.length > 0) setImmediate(startNext);
}
/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function inTurn(req, res) {
	if (req.method !== 'GET' && req.method !== 'HEAD') handler(req, res);
	else if (arrived.push([req, res]) === 1) setImmediate(startNext);
}

const server = createServer(async (req, res) => {
	// Also for the static files, which are served before the app's hooks run.
	res.setHeader('X-Content-Type-Options', 'nosniff');
	if (req.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(req.url ?? '')) {
		req.headers.origin = new URL(/** @type {string} */ (env.ORIGIN)).origin;
	}
	const key = pageCacheOn ? sharedCacheKey(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x')) : null;
	if (!key) return inTurn(req, res);
	const hit = shared.get(key);
	if (hit) return sendShared(req, res, hit);
	const pending = rendering.get(key);
	if (pending) {
		const entry = await pending;
		return entry ? sendShared(req, res, entry) : inTurn(req, res);
	}
	const render = renderAndKeep(req, res);
	rendering.set(key, render);
	const entry = await render;
	rendering.delete(key);
	if (entry) shared.set(key, entry);
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
