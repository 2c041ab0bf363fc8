import { expect, type Page } from '@playwright/test';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { existsSync, readFileSync } from 'node:fs';
import { SERVERS, serverLogOf } from './servers';

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

export async function signIn(page: Page, email: string, password: string, secret: string) {
	await page.goto('/admin/login');
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/admin\/two-factor/);
	await page.getByLabel('Six-digit code').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL('/admin');
}
