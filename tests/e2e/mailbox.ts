import { expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIL_DIR } from './servers';

export type SinkMail = { to: string[]; subject: string; text: string; html: string; messageId: string; headers: Record<string, string> };

export function mailsTo(address: string): SinkMail[] {
	if (!existsSync(MAIL_DIR)) return [];
	return readdirSync(MAIL_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(MAIL_DIR, file), 'utf8')) as SinkMail)
		.filter((mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Wait for the nth (1-based) email to an address, as delivered to the loopback SMTP listener. */
export async function waitForMail(address: string, nth = 1): Promise<SinkMail> {
	await expect.poll(() => mailsTo(address).length, { timeout: 15_000, message: `mail #${nth} to ${address}` }).toBeGreaterThanOrEqual(nth);
	return mailsTo(address)[nth - 1];
}

export function linkIn(mail: SinkMail, kind: 'confirm' | 'withdraw'): string {
	const link = mail.text.match(new RegExp(`https?://\\S+/${kind}/[A-Za-z0-9_-]+`))?.[0];
	if (!link) throw new Error(`no ${kind} link in "${mail.subject}"`);
	return link;
}
