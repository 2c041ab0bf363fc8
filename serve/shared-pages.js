// Public pages are the same for everyone: each is made once and its bytes are shared for a few
// seconds, so that a crowd refreshing the count costs one render, not one each (what may be shared,
// and under which key, is decided in cache-policy.js).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { SHARED_MAX_AGE, STAFF_CHANGE_EVENT, sharedCacheKey } from '../cache-policy.js';
import { taggedFor } from './compress.js';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {{ status: number; headers: import('node:http').OutgoingHttpHeaders; body: Buffer; gzipped: Buffer | null; brotli: Buffer | null }} Shared */

/**
 * A request handler that answers shareable GETs from the shared copies (rendering each at most once
 * at a time) and passes everything else to `answer`.
 * @param {import('node:http').RequestListener} handler the app
 * @param {(req: Request, res: Response) => void} answer how the app is asked for what is not shared
 */
export function sharedPages(handler, answer) {
	/** @type {LRUCache<string, Shared>} */
	const shared = new LRUCache({
		max: 2000,
		maxSize: 64 * 1024 * 1024,
		sizeCalculation: (entry) => entry.body.byteLength + (entry.gzipped?.byteLength ?? 0) + (entry.brotli?.byteLength ?? 0) + 512,
		ttl: SHARED_MAX_AGE * 1000
	});
	// What staff change (texts, decisions, settings) shows at once. Only the app can tell a signed-in
	// staff member's change from anyone's post to an /admin address (see handleAuth in hooks.server.ts);
	// a surge of signatures never clears it.
	process.on(STAFF_CHANGE_EVENT, () => shared.clear());
	/** Renders in progress, so that requests arriving meanwhile wait for the same one. @type {Map<string, Promise<Shared | null>>} */
	const rendering = new Map();

	/** @param {Request} req @param {Response} res */
	return async function answerShared(req, res) {
		const key = sharedCacheKey(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x'));
		if (!key) return answer(req, res);
		const hit = shared.get(key);
		if (hit) return sendShared(req, res, hit);
		const pending = rendering.get(key);
		if (pending) {
			const entry = await pending;
			return entry ? sendShared(req, res, entry) : answer(req, res);
		}
		const render = renderAndKeep(handler, req, res);
		rendering.set(key, render);
		const entry = await render;
		rendering.delete(key);
		if (entry) shared.set(key, entry);
	};
}

/** A shared copy, compressed as the browser takes it (brotli, else gzip), or "not modified" for the copy it has. @param {Request} req @param {Response} res @param {Shared} entry */
export function sendShared(req, res, entry) {
	const accepts = String(req.headers['accept-encoding'] ?? '');
	const encoding = entry.brotli && /\bbr\b/.test(accepts) ? 'br' : entry.gzipped && /\bgzip\b/.test(accepts) ? 'gzip' : null;
	const etag = entry.headers.etag ? taggedFor(String(entry.headers.etag), encoding) : null;
	if (etag && req.headers['if-none-match'] === etag) {
		res.writeHead(304, { etag, vary: 'Accept-Encoding', 'cache-control': String(entry.headers['cache-control'] ?? '') });
		res.end();
		return;
	}
	const body = /** @type {Buffer} */ (encoding === 'br' ? entry.brotli : encoding === 'gzip' ? entry.gzipped : entry.body);
	res.writeHead(entry.status, {
		...entry.headers,
		...(etag ? { etag } : {}),
		vary: 'Accept-Encoding',
		'content-length': body.byteLength,
		...(encoding ? { 'content-encoding': encoding } : {})
	});
	res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Let the app answer, and keep a copy of what it sent when it may be shared: a 200 to a GET, marked
 * public, setting no cookie.
 * @param {import('node:http').RequestListener} handler @param {Request} req @param {Response} res
 * @returns {Promise<Shared | null>}
 */
export function renderAndKeep(handler, req, res) {
	return new Promise((resolve) => {
		/** @type {Buffer[]} */
		const chunks = [];
		/** @type {(...args: any[]) => any} */
		const writeHead = res.writeHead;
		/** @type {(...args: any[]) => any} */
		const write = res.write;
		/** @type {(...args: any[]) => any} */
		const end = res.end;
		// The app's own headers, read before they are sent: compressing what is sent (serve/compress.js)
		// then adds its encoding to them, which is not the copy's.
		/** @type {import('node:http').OutgoingHttpHeaders | null} */
		let headers = null;
		const before = () => (headers ??= { ...res.getHeaders() });
		res.writeHead = /** @type {any} */ (
			// Headers given to writeHead itself are not read: such an answer is not kept (the app sets them one by one).
			function (/** @type {any[]} */ ...args) {
				before();
				return writeHead.apply(res, args);
			}
		);
		res.write = /** @type {any} */ (
			function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
				before();
				if (chunk) chunks.push(Buffer.from(chunk));
				return write.call(res, chunk, ...rest);
			}
		);
		res.end = /** @type {any} */ (function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
			const sent = before();
			if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
			const keep = res.statusCode === 200 && req.method === 'GET' && !sent['set-cookie'] && String(sent['cache-control'] ?? '').startsWith('public');
			const body = keep ? Buffer.concat(chunks) : null;
			// Compressed once when kept, then sent to every browser that accepts it (not pictures: they are compressed already).
			const worth = body !== null && body.byteLength > 1024 && !String(sent['content-type'] ?? '').startsWith('image/');
			resolve(body ? { status: 200, headers: sent, body, gzipped: worth ? gzipSync(body) : null, brotli: worth ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : null } : null);
			return end.call(res, chunk, ...rest);
		});
		res.once('close', () => resolve(null));
		handler(req, res);
	});
}
