import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { SLUG } from './pages';
import { insertSignedInModerator } from './staff';
import { formPoster, testPort } from './servers';

const PORT = testPort(4178);
const ORIGIN = `http://localhost:${PORT}`;
const BASE = `http://127.0.0.1:${PORT}`;
const STAFF_TOKEN = 'cachetestsessiontokenaaaaaaaaaaa';

const post = formPoster(BASE, ORIGIN);

const publicCount = async () => ((await (await fetch(`${BASE}/api/v1/statements/${SLUG}`)).json()) as { signatures: number }).signatures;

// One server for the file, its tests in order (the second builds on the first).
test.describe.configure({ mode: 'serial' });

let server: ChildProcess;
let db: Database.Database;

test.beforeAll(async () => {
	const dir = resolve('tests/.artifacts/servers/page-cache');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const database = resolve(dir, 'undersigned.db');
	// Shared answers live a minute here, so that whatever empties them shows.
	server = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN, DATABASE_URL: database, SMTP_URL: '', ABUSE_PROTECTION: 'off', PAGE_CACHE_SECONDS: '60', BACKUP_DIR: 'off' },
		stdio: 'ignore'
	});
	await expect.poll(async () => (await fetch(`${BASE}/healthz`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
	db = new Database(database);
	insertSignedInModerator(db, STAFF_TOKEN);
});

test.afterAll(() => {
	db?.close();
	server?.kill();
});

/** Signs and confirms through the site, as a supporter would (the development mailbox keeps the link). */
async function signAndConfirm(email: string) {
	expect((await post(`/en/statements/${SLUG}/sign`, { name: 'Cache Tester', email, country: 'AZ', display: 'full', consent: 'on' })).status).toBe(303);
	const payload = db.prepare("SELECT payload FROM mail_outbox WHERE \"to\" = ? AND template = 'confirm'").pluck().get(email) as string;
	const link = new URL(JSON.parse(payload).confirmLink);
	expect((await post(link.pathname, {})).status).toBe(303);
}

test('an anonymous visitor cannot empty the shared page cache; a moderator\'s decision shows at once', async () => {
	await signAndConfirm('first@example.org');
	expect(await publicCount()).toBe(1);
	await signAndConfirm('second@example.org');
	await signAndConfirm('third@example.org');
	// Shared for a minute: the two new signatures are not shown yet.
	expect(await publicCount()).toBe(1);

	// Posts to staff addresses without a session, with the site's own Origin (any script can send it).
	expect((await post('/admin/logout', {})).status).toBe(303);
	expect((await post('/admin/login', { email: 'mod@example.org', password: 'wrong' })).status).toBeGreaterThanOrEqual(200);
	expect((await post('/admin/settings', { organization: 'x' })).status).toBeLessThan(500);
	expect(await publicCount()).toBe(1);

	// A signed-in moderator's refused action changes nothing either.
	const cookie = `staff_session=${STAFF_TOKEN}`;
	const id = db.prepare("SELECT id FROM signature WHERE email = 'first@example.org'").pluck().get() as number;
	expect((await post(`/admin/signatures/${id}`, { action: 'nonsense' }, { cookie })).status).toBe(400);
	expect(await publicCount()).toBe(1);

	// Their decision does: three confirmed, one invalidated.
	expect((await post(`/admin/signatures/${id}`, { action: 'invalidate' }, { cookie })).status).toBe(200);
	expect(await publicCount()).toBe(2);
});

test('the framed counter without a language is sent to one, so that no reader plants theirs for everyone', async () => {
	for (const [language, lang] of [
		['de-DE,de;q=0.9', 'de'],
		['az', 'az']
	]) {
		const response = await fetch(`${BASE}/embed/${SLUG}`, { headers: { 'Accept-Language': language }, redirect: 'manual' });
		expect(response.status).toBe(307);
		expect(response.headers.get('location')).toBe(`/embed/${SLUG}?lang=${lang}`);
		expect(response.headers.get('cache-control') ?? '').not.toMatch(/public/);
	}
	const odd = await fetch(`${BASE}/embed/${SLUG}?lang=xx`, { headers: { 'Accept-Language': 'de' }, redirect: 'manual' });
	expect(odd.headers.get('location')).toBe(`/embed/${SLUG}?lang=de`);
	const german = await fetch(`${BASE}/embed/${SLUG}?lang=de`, { headers: { 'Accept-Language': 'az' } });
	expect(await german.text()).toContain('lang="de"');
});
