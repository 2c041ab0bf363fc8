import { describe, expect, it } from 'vitest';
import { assessSubmission } from '$lib/server/abuse';
import { DEFAULT_SETTINGS, getSettings, parseDomainList, saveSettings } from '$lib/server/settings';
import { openTestDb } from './helpers/db';


describe('settings', () => {
	it('start from the association\'s known details and keep what an administrator saves', () => {
		const db = openTestDb();
		expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
		saveSettings(db, { ...DEFAULT_SETTINGS, address: 'Musterstraße 1\n48143 Münster', register: 'Amtsgericht Münster VR 1234' }, null, null);
		expect(getSettings(db)).toMatchObject({ address: 'Musterstraße 1\n48143 Münster', register: 'Amtsgericht Münster VR 1234' });
	});

	it('read a domain blocklist as people type it, and flag (not refuse) signatures from it', async () => {
		expect(parseDomainList('@Spam.example\nmailinator.com, bad..\n spam.example')).toEqual(['spam.example', 'mailinator.com']);
		const db = openTestDb();
		saveSettings(db, { ...DEFAULT_SETTINGS, domainBlocklist: ['spam.example'] }, null, null);
		const from = (emailDomain: string) => assessSubmission(db, { honeypot: '', altcha: undefined, clientAddress: '192.0.2.1', emailDomain });
		expect(await from('mx.spam.example')).toMatchObject({ action: 'store', flags: ['no_pow', 'blocklisted_domain'] });
		expect(await from('example.org')).toMatchObject({ action: 'store', flags: ['no_pow'] });
	});
});
