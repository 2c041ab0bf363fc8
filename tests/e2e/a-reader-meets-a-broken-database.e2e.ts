import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { SERVERS, databaseOf, originOf } from './servers';

// This server's database is broken on purpose; no other test uses it.
const origin = originOf(SERVERS.faulty);

test('a reader sees a server error page in their language when the database fails', async ({ page, request }) => {
	expect((await request.get(`${origin}/de`)).status()).toBe(200);

	const db = new Database(databaseOf(SERVERS.faulty));
	db.exec('ALTER TABLE statement_version RENAME TO statement_version_lost');
	db.close();

	const response = await page.goto(`${origin}/de`);
	expect(response?.status()).toBe(500);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bei uns ist etwas schiefgelaufen');

	await page.goto(`${origin}/az/statements/mine-contaminated-areas`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bizim tərəfimizdə xəta baş verdi');
	// Nothing about the failure reaches the reader.
	await expect(page.locator('body')).not.toContainText('statement_version');
});
