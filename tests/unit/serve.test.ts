import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { STAFF_CHANGE_EVENT } from '../../cache-policy.js';
import { compressed } from '../../serve/compress.js';
import { inTurn } from '../../serve/in-turn.js';
import { sharedPages } from '../../serve/shared-pages.js';

const servers: Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A real HTTP server around `listener` on a free loopback port; its base address. */
async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
	const server = createServer(listener);
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address() as { port: number };
	return `http://127.0.0.1:${address.port}`;
}

/** An app that renders a page of 4 KB slowly, counting its renders, with the headers it is given. */
function app(headers: Record<string, string>) {
	const app = {
		renders: 0,
		handler(req: IncomingMessage, res: ServerResponse) {
			app.renders++;
			setTimeout(() => {
				// As adapter-node answers: headers set one by one, so that they can be read back.
				for (const [name, value] of Object.entries({ 'content-type': 'text/html', etag: '"v1"', ...headers })) res.setHeader(name, value);
				res.end(`<p>${req.url}</p>`.padEnd(4096, ' '));
			}, 20);
		}
	};
	return app;
}

const PAGE = '/en/statements/mine-contaminated-areas';

describe('shared copies of public pages (serve/shared-pages.js)', () => {
	it('render a public page once for a crowd, and send it compressed to those who take it', async () => {
		const page = app({ 'cache-control': 'public, max-age=5' });
		const base = await serve(sharedPages(page.handler, page.handler));
		const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(base + PAGE, { headers: { 'accept-encoding': 'identity' } })));
		expect(page.renders).toBe(1);
		expect(new Set(await Promise.all(answers.map((a) => a.text()))).size).toBe(1);
		// fetch undoes the compression it asked for.
		const compressed = await fetch(base + PAGE, { headers: { 'accept-encoding': 'gzip' } });
		expect(page.renders).toBe(1);
		expect(compressed.headers.get('content-encoding')).toBe('gzip');
		expect(await compressed.text()).toBe(`<p>${PAGE}</p>`.padEnd(4096, ' '));
	});

	it('answer "not modified" to a browser that has the copy, for each encoding its own', async () => {
		const page = app({ 'cache-control': 'public, max-age=5' });
		const base = await serve(sharedPages(page.handler, page.handler));
		await fetch(base + PAGE);
		expect((await fetch(base + PAGE, { headers: { 'accept-encoding': 'identity', 'if-none-match': '"v1"' } })).status).toBe(304);
		expect((await fetch(base + PAGE, { headers: { 'accept-encoding': 'gzip', 'if-none-match': '"v1"' } })).status).toBe(200);
		expect((await fetch(base + PAGE, { headers: { 'accept-encoding': 'gzip', 'if-none-match': '"v1-gz"' } })).status).toBe(304);
	});

	it('never keep a page that sets a cookie, is not public, or is not one of the shared addresses', async () => {
		const refused: Record<string, string>[] = [{ 'cache-control': 'public, max-age=5', 'set-cookie': 'a=b' }, { 'cache-control': 'private, no-store' }];
		for (const headers of refused) {
			const page = app(headers);
			const base = await serve(sharedPages(page.handler, page.handler));
			for (let i = 0; i < 3; i++) await fetch(base + PAGE);
			expect(page.renders).toBe(3);
		}
		const page = app({ 'cache-control': 'public, max-age=5' });
		const base = await serve(sharedPages(page.handler, page.handler));
		for (let i = 0; i < 3; i++) await fetch(`${base}/admin/signatures`);
		for (let i = 0; i < 3; i++) await fetch(`${base}/en/statements/mine-contaminated-areas/signatories?q=ali`);
		expect(page.renders).toBe(6);
	});

	it('drop every copy when a staff member changes something', async () => {
		const page = app({ 'cache-control': 'public, max-age=5' });
		const base = await serve(sharedPages(page.handler, page.handler));
		await fetch(base + PAGE);
		await fetch(base + PAGE);
		(process.emit as (event: string) => boolean)(STAFF_CHANGE_EVENT);
		await fetch(base + PAGE);
		expect(page.renders).toBe(2);
	});
});

describe('compressed answers (serve/compress.js)', () => {
	/** The raw bytes and headers of an answer (fetch would undo the compression). */
	async function raw(url: string, headers: Record<string, string>) {
		const { request } = await import('node:http');
		return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
			request(url, { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
			})
				.on('error', reject)
				.end();
		});
	}

	it('sends the first render of a page compressed as the browser asks, its tag naming the encoding, and keeps a plain copy', async () => {
		const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
		const page = app({ 'cache-control': 'public, max-age=5' });
		const base = await serve(compressed(sharedPages(page.handler, page.handler)));
		const html = `<p>${PAGE}</p>`.padEnd(4096, ' ');
		// The first reader asks brotli: rendered for them and compressed on the way out.
		const first = await raw(base + PAGE, { 'accept-encoding': 'gzip, deflate, br' });
		expect(first.headers['content-encoding']).toBe('br');
		expect(first.headers.etag).toBe('"v1-br"');
		expect(brotliDecompressSync(first.body).toString()).toBe(html);
		// The shared copy: brotli, gzip and plain, each with its own tag; the copy kept was the plain page.
		const shared = await raw(base + PAGE, { 'accept-encoding': 'br' });
		expect([shared.headers['content-encoding'], shared.headers.etag]).toEqual(['br', '"v1-br"']);
		expect(brotliDecompressSync(shared.body).toString()).toBe(html);
		const gzip = await raw(base + PAGE, { 'accept-encoding': 'gzip' });
		expect([gzip.headers['content-encoding'], gzip.headers.etag]).toEqual(['gzip', '"v1-gz"']);
		expect(gunzipSync(gzip.body).toString()).toBe(html);
		const plain = await raw(base + PAGE, { 'accept-encoding': 'identity' });
		expect([plain.headers['content-encoding'], plain.headers.etag, plain.body.toString()]).toEqual([undefined, '"v1"', html]);
		expect(page.renders).toBe(1);
		expect((await raw(base + PAGE, { 'accept-encoding': 'br', 'if-none-match': '"v1-br"' })).status).toBe(304);
	});

	it('compresses what is never shared too, and leaves an answer that is encoded already as it is', async () => {
		const { gunzipSync, gzipSync } = await import('node:zlib');
		const personal = app({ 'cache-control': 'private, no-store' });
		const base = await serve(compressed(personal.handler));
		const answer = await raw(`${base}/en/statements/mine-contaminated-areas/sign`, { 'accept-encoding': 'gzip' });
		expect(answer.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(answer.body).toString()).toContain('/sign');
		const file = gzipSync('body { color: red }'.repeat(100));
		const precompressed = await serve(
			compressed((_req, res) => {
				res.writeHead(200, { 'content-type': 'text/css', 'content-encoding': 'gzip', 'content-length': file.byteLength });
				res.end(file);
			})
		);
		const css = await raw(`${precompressed}/_app/immutable/assets/a.css`, { 'accept-encoding': 'gzip, br' });
		expect(css.headers['content-encoding']).toBe('gzip');
		expect(css.body.equals(file)).toBe(true);
		// A download (a staff export) goes as it is.
		const rows = 'name,country\n'.repeat(1000);
		const download = await serve(
			compressed((_req, res) => {
				res.setHeader('content-type', 'text/csv; charset=utf-8');
				res.setHeader('content-disposition', 'attachment; filename="signatures.csv"');
				res.end(rows);
			})
		);
		const csv = await raw(`${download}/admin/signatures/export.csv`, { 'accept-encoding': 'gzip, br' });
		expect(csv.headers['content-encoding']).toBeUndefined();
		expect(csv.body.toString()).toBe(rows);
	});
});

describe('rendering in turn (serve/in-turn.js)', () => {
	it('starts pages one per turn of the event loop in the order they came, and posts at once', async () => {
		const started: string[] = [];
		const handler = (req: IncomingMessage, res: ServerResponse) => {
			started.push(`${req.method} ${req.url}`);
			res.end();
		};
		const answer = inTurn(handler);
		const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;
		const response = { end() {} } as unknown as ServerResponse;
		answer(request('GET', '/a'), response);
		answer(request('GET', '/b'), response);
		answer(request('POST', '/sign'), response);
		expect(started).toEqual(['POST /sign']);
		await new Promise((resolve) => setImmediate(resolve));
		expect(started).toEqual(['POST /sign', 'GET /a']);
		await new Promise((resolve) => setImmediate(resolve));
		expect(started).toEqual(['POST /sign', 'GET /a', 'GET /b']);
	});
});
