import { expect, type Browser, type Page } from '@playwright/test';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import type Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { databaseOf, originOf, SERVERS, serverLogOf } from './servers';

/** The setup link the main server printed at its first start. */
export function printedSetupLink(): string {
	const log = existsSync(serverLogOf(SERVERS.main)) ? readFileSync(serverLogOf(SERVERS.main), 'utf8') : '';
	const link = log.match(/http:\/\/\S+\/admin\/setup\/[A-Za-z0-9_-]{32}/)?.[0];
	if (!link) throw new Error('the server printed no setup link');
	return link;
}

/** The code an authenticator app shows for the key on the enrolment page, right now. */
export function totpCode(secret: string): string {
	return generateTOTP(decodeBase32IgnorePadding(secret.replace(/\s+/g, '')), 30, 6);
}

const usedSteps = new Map<string, number>();

/**
 * A code the server has not accepted yet: it takes each thirty-second step once, so a second
 * sign-in within the same step uses the next one (accepted a step early), or waits for it.
 */
async function freshTotpCode(secret: string): Promise<string> {
	const step = () => Math.floor(Date.now() / 30_000);
	const target = Math.max(step(), (usedSteps.get(secret) ?? -1) + 1);
	while (target > step() + 1) await new Promise((resolve) => setTimeout(resolve, (target - 1) * 30_000 - Date.now() + 100));
	usedSteps.set(secret, target);
	return generateHOTP(decodeBase32IgnorePadding(secret.replace(/\s+/g, '')), BigInt(target), 6);
}

export async function signIn(page: Page, email: string, password: string, secret: string) {
	await page.goto('/admin/login');
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/admin\/two-factor/);
	await page.getByLabel('Six-digit code').fill(await freshTotpCode(secret));
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL('/admin');
}

/**
 * A staff account made the way an operator makes one (`npm run admin -- create`), then set up as
 * the person would: password from the printed link, second factor enrolled. Returns their own browser.
 */
export async function newStaffMember(browser: Browser, account: { email: string; name: string; role: 'admin' | 'moderator' }) {
	const printed = execFileSync(process.execPath, ['build/cli/admin.js', 'create', account.email, account.name, account.role], {
		env: { ...process.env, DATABASE_URL: resolve(databaseOf(SERVERS.main)), ORIGIN: originOf(SERVERS.main) },
		encoding: 'utf8'
	});
	const link = printed.match(/http:\/\/\S+\/admin\/password\/[\w-]{32}/)?.[0];
	if (!link) throw new Error(`no password link in: ${printed}`);
	const password = 'every field cleared, one metre at a time';
	const context = await browser.newContext({ locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto(link);
	await page.getByLabel('New password').fill(password);
	await page.getByLabel('Repeat the password').fill(password);
	await page.getByRole('button', { name: 'Save my password' }).click();
	await expect(page.getByRole('status')).toHaveText('Your password is saved. Sign in to continue.');
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL('/admin/two-factor/setup');
	const secret = (await page.locator('.secret-key').textContent())!.trim();
	await page.getByLabel('Six-digit code').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
	await page.getByRole('link', { name: 'Continue to the dashboard' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
	return { context, page, secret };
}

/**
 * A moderator already signed in with both factors, as the benchmark's seed makes one, written
 * straight into a test server's database: its session cookie is `staff_session=<token>`.
 */
export function insertSignedInModerator(db: Database.Database, token: string): void {
	const { id } = db
		.prepare("INSERT INTO admin_user (email, name, role, password_hash, totp_key_encrypted, created_at, updated_at) VALUES ('mod@example.org', 'Mod', 'moderator', 'x', 'x', 0, 0) RETURNING id")
		.get() as { id: number };
	db.prepare('INSERT INTO admin_session (id, user_id, two_factor_verified, created_at, last_seen_at, expires_at) VALUES (?, ?, 1, ?, ?, ?)').run(
		createHash('sha256').update(token).digest('hex'),
		id,
		Date.now(),
		Date.now(),
		Date.now() + 3_600_000
	);
}
