import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:http2';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { resolve } from 'node:path';
import { findNginx, startNginx } from '../nginx.js';
import { SLUG } from './pages';
import { testPort } from './servers';

const APP_PORT = testPort(4182);
const HTTPS_PORT = testPort(4183);
const HTTP_PORT = testPort(4184);
const ORIGIN = `https://localhost:${HTTPS_PORT}`;
const DIR = resolve('tests/.artifacts/servers/nginx');
const DATABASE = resolve(DIR, 'app', 'undersigned.db');

test.describe.configure({ mode: 'serial' });
// Where nginx is not installed (a developer's machine without it) the story is skipped with the reason; CI installs it (.ci/run).
test.skip(!findNginx() && !process.env.CI, 'nginx is not installed: apt-get install nginx');

let app: { child: ChildProcess; exited: Promise<unknown> };
let nginx: Awaited<ReturnType<typeof startNginx>>;
let db: Database.Database;

function startApp() {
	const child = spawn(process.execPath, ['server.js'], {
		env: {
			...process.env,
			PORT: String(APP_PORT),
			HOST: '127.0.0.1',
			ORIGIN,
			// As deploy/nginx.conf's header says.
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			DATABASE_URL: DATABASE,
			SMTP_URL: '',
			BACKUP_DIR: 'off',
			SIGN_MIN_FILL_SECONDS: '0'
		},
		stdio: 'ignore'
	});
	return { child, exited: new Promise((done) => child.once('exit', done)) };
}

async function appIsUp() {
	await expect.poll(async () => (await fetch(`http://127.0.0.1:${APP_PORT}/healthz`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
}

test.beforeAll(async () => {
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(resolve(DIR, 'app'), { recursive: true });
	app = startApp();
	await appIsUp();
	nginx = await startNginx({ dir: resolve(DIR, 'nginx'), appPort: APP_PORT, httpsPort: HTTPS_PORT, httpPort: HTTP_PORT });
	db = new Database(DATABASE, { readonly: true });
});

test.afterAll(async () => {
	db?.close();
	await nginx?.stop();
	app?.child.kill('SIGTERM');
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A request to nginx over TLS, from a loopback address of the caller's choosing (each address a different client). */
function through(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {}): Promise<Answer> {
	return new Promise((done, fail) => {
		const req = request(
			{ host: '127.0.0.1', port: HTTPS_PORT, servername: 'localhost', rejectUnauthorized: false, path, method: options.method ?? 'GET', headers: options.headers, localAddress: options.from, agent: false },
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (body += chunk));
				res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
			}
		);
		req.on('error', fail);
		req.end(options.body);
	});
}

const form = (fields: Record<string, string>, from?: string, origin = ORIGIN) => ({
	method: 'POST',
	headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
	body: new URLSearchParams(fields).toString(),
	from
});

test('a reader gets the statement over TLS and HTTP/2, compressed, and plain http is sent to https', async () => {
	const session = connect(`https://127.0.0.1:${HTTPS_PORT}`, { servername: 'localhost', rejectUnauthorized: false });
	try {
		const answer = await new Promise<{ status: number; encoding: string; bytes: number }>((done, fail) => {
			const stream = session.request({ ':path': `/en/statements/${SLUG}`, 'accept-encoding': 'gzip, br' });
			let status = 0;
			let encoding = '';
			let bytes = 0;
			stream.on('response', (headers) => {
				status = Number(headers[':status']);
				encoding = String(headers['content-encoding'] ?? '');
			});
			stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
			stream.on('end', () => done({ status, encoding, bytes }));
			stream.on('error', fail);
		});
		expect(session.alpnProtocol).toBe('h2');
		expect(answer.status).toBe(200);
		expect(answer.encoding).toBe('br');
		expect(answer.bytes).toBeGreaterThan(1000);
	} finally {
		session.close();
	}
	const script = await through('/robots.txt', { headers: { 'Accept-Encoding': 'gzip' } });
	expect(script.status).toBe(200);

	const plain = await new Promise<{ status: number; location: string }>((done, fail) =>
		plainRequest({ host: '127.0.0.1', port: HTTP_PORT, path: '/en', headers: { Host: 'localhost' } }, (res) => {
			res.resume();
			done({ status: res.statusCode ?? 0, location: String(res.headers.location) });
		})
			.on('error', fail)
			.end()
	);
	expect(plain.status).toBe(301);
	expect(plain.location).toMatch(/^https:\/\/localhost\/en$/);
});

test("a supporter's form posts through nginx in a browser; a post from another site is refused", async ({ browser }) => {
	const context = await browser.newContext({ ignoreHTTPSErrors: true });
	const page = await context.newPage();
	await page.goto(`${ORIGIN}/en/my-data`);
	await page.getByLabel(/email/i).first().fill('through-nginx@example.org');
	await page.getByRole('button', { name: /send/i }).click();
	await expect(page.getByRole('status')).toContainText('a link is on its way');
	await context.close();

	const forged = await through('/en/my-data', form({ email: 'someone@example.org' }, undefined, 'https://elsewhere.example'));
	expect(forged.status).toBe(403);
});

test('rate limits see each client by its own address, whatever address it claims', async () => {
	// Ten requests for a data copy an hour from one address, then no more (src/lib/server/abuse/rate-limit.ts).
	for (let i = 0; i < 10; i++) expect((await through('/en/my-data', form({ email: `one${i}@example.org` }, '127.0.0.2'))).status).toBe(200);
	const claiming = await through('/en/my-data', { ...form({ email: 'one-more@example.org' }, '127.0.0.2'), headers: { ...form({}).headers, 'X-Forwarded-For': '203.0.113.9' } });
	expect(claiming.status).toBe(429);
	// Another client is not held back by the first.
	expect((await through('/en/my-data', form({ email: 'two@example.org' }, '127.0.0.3'))).status).toBe(200);
});

test('staff pages and personal links are never kept; a public page is, and is served while the app is down', async () => {
	// A staff page: no-store, and never from the cache.
	for (let i = 0; i < 2; i++) {
		const login = await through('/admin/login');
		expect(login.status).toBe(200);
		expect(String(login.headers['cache-control'])).toContain('no-store');
		expect(login.headers['x-cache-status']).toBeUndefined();
	}
	// A personal link: a supporter's confirmation page.
	const email = 'kept-nowhere@example.org';
	expect((await through(`/en/statements/${SLUG}/sign`, form({ name: 'Nginx Reader', email, country: 'AZ', display: 'private', consent: 'on' }))).status).toBe(303);
	await expect.poll(() => db.prepare("SELECT count(*) FROM mail_outbox WHERE \"to\" = ? AND template = 'confirm'").pluck().get(email), { timeout: 10_000 }).toBe(1);
	const link = new URL(JSON.parse(db.prepare("SELECT payload FROM mail_outbox WHERE \"to\" = ? AND template = 'confirm'").pluck().get(email) as string).confirmLink);
	for (let i = 0; i < 2; i++) {
		const personal = await through(link.pathname);
		expect(personal.status).toBe(200);
		expect(personal.headers['x-cache-status']).not.toBe('HIT');
	}
	// Anyone's public page: made once, then from the cache, whatever cookie or encoding a client sends.
	const path = `/en/statements/${SLUG}/organizations`;
	expect((await through(path)).headers['x-cache-status']).toBe('MISS');
	expect((await through(path, { headers: { Cookie: 'staff_session=made-up' } })).headers['x-cache-status']).toBe('HIT');
	const gzipped = await through(path, { headers: { 'Accept-Encoding': 'deflate, gzip;q=0.8' } });
	expect(gzipped.headers['content-encoding']).toBe('gzip');
	expect((await through(path, { headers: { 'Accept-Encoding': 'gzip' } })).headers['x-cache-status']).toBe('HIT');
	// Older than its max-age, while the app is stopped: the kept copy still answers.
	app.child.kill('SIGTERM');
	await app.exited;
	await new Promise((r) => setTimeout(r, 6000));
	const whileDown = await through(path);
	expect(whileDown.status).toBe(200);
	expect(['STALE', 'UPDATING']).toContain(whileDown.headers['x-cache-status']);
	expect(whileDown.body).toContain('<html');
	// A page nginx never kept: the app is down, and says so through nginx.
	expect((await through('/en/imprint')).status).toBe(502);
	app = startApp();
	await appIsUp();
	await expect.poll(async () => (await through('/en/imprint')).status).toBe(200);
});

test("the health check answers the machine's own monitoring, not everyone", async () => {
	expect((await through('/healthz', { from: '127.0.0.2' })).status).toBe(403);
	const own = await through('/healthz', { from: '127.0.0.1' });
	expect(own.status).toBe(200);
	expect(JSON.parse(own.body)).toMatchObject({ status: 'ok', jobs: 'running' });
});

test('a body larger than the app accepts is refused at nginx already', async () => {
	const tooLarge = await through(`/en/statements/${SLUG}/endorse`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(4 * 1024 * 1024) });
	expect(tooLarge.status).toBe(413);
});
