import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { SERVERS, databaseOf, originOf } from './servers';

// This server's database is broken on purpose; no other test uses it. First locked, then damaged.
const origin = originOf(SERVERS.faulty);
test.describe.configure({ mode: 'serial' });

test('a signer meets a localized 503, and nothing half-written, while the database is locked', async ({ request }) => {
	const db = new Database(databaseOf(SERVERS.faulty));
	db.exec('BEGIN IMMEDIATE');
	try {
		const response = await request.post(`${origin}/de/statements/mine-contaminated-areas/sign`, {
			form: { name: 'Locked Out', email: 'locked.out@example.org', country: 'AZ', display: 'full', consent: 'on' },
			headers: { Origin: origin, Accept: 'text/html' },
			maxRedirects: 0,
			timeout: 20_000
		});
		expect(response.status()).toBe(503);
		expect(response.headers()['retry-after']).toBe('30');
		expect(await response.text()).toContain('Bei uns ist etwas schiefgelaufen');
	} finally {
		db.exec('ROLLBACK');
	}
	const check = new Database(databaseOf(SERVERS.faulty), { readonly: true });
	expect(check.prepare("SELECT count(*) FROM signature WHERE email = 'locked.out@example.org'").pluck().get()).toBe(0);
	expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
	check.close();
});

test('a reader sees a server error page in their language when the database fails', async ({ page, request }) => {
	expect((await request.get(`${origin}/de`)).status()).toBe(200);

	const db = new Database(databaseOf(SERVERS.faulty));
	db.exec('ALTER TABLE statement_version RENAME TO statement_version_lost');
	db.close();

	// The page was shared for a second (server.js); once that copy is gone, the failure shows.
	await expect.poll(async () => (await request.get(`${origin}/de`)).status(), { timeout: 5_000 }).toBe(500);
	const response = await page.goto(`${origin}/de`);
	expect(response?.status()).toBe(500);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bei uns ist etwas schiefgelaufen');

	await page.goto(`${origin}/az/statements/mine-contaminated-areas`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bizim tərəfimizdə xəta baş verdi');
	// Nothing about the failure reaches the reader.
	await expect(page.locator('body')).not.toContainText('statement_version');
});
