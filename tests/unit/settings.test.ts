import { describe, expect, it } from 'vitest';
import { assessSubmission } from '$lib/server/abuse';
import { setting } from '$lib/server/db/schema';
import { DEFAULT_SETTINGS, getSettings, goLiveChecklist, parseDomainList, saveSettings, settingsIn } from '$lib/server/settings';
import { openTestDb } from './helpers/db';


describe('settings', () => {
	it('start from the association\'s known details and keep what an administrator saves', () => {
		const db = openTestDb();
		expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
		saveSettings(db, { ...DEFAULT_SETTINGS, address: { ...DEFAULT_SETTINGS.address, de: 'Musterstraße 1\n48143 Münster' }, register: { de: 'Amtsgericht Münster VR 1234' } }, null, null);
		expect(settingsIn(getSettings(db), 'de')).toMatchObject({ address: 'Musterstraße 1\n48143 Münster', register: 'Amtsgericht Münster VR 1234' });
		expect(settingsIn(getSettings(db), 'en')).toMatchObject({ address: 'Münster, Germany', register: '' });
	});

	it('speak each language out of the box: no English role or country on the German or Azerbaijani imprint', () => {
		const db = openTestDb();
		expect(settingsIn(getSettings(db), 'de')).toMatchObject({ address: 'Münster, Deutschland', representatives: 'Zaur Aliyev, Vorsitzender' });
		expect(settingsIn(getSettings(db), 'az')).toMatchObject({ address: 'Münster, Almaniya', representatives: 'Zaur Əliyev, sədr' });
	});

	it('read details saved before they were kept per language: the old default becomes its translations, any other text stands for every language', () => {
		const db = openTestDb();
		db.insert(setting)
			.values({ key: 'association', value: { representatives: 'Zaur Aliyev, Chairman', address: 'Musterstraße 1, 48143 Münster', contactEmail: 'info@eaz.example' }, updatedAt: new Date() })
			.run();
		const settings = getSettings(db);
		expect(settingsIn(settings, 'de').representatives).toBe('Zaur Aliyev, Vorsitzender');
		expect(settingsIn(settings, 'az').address).toBe('Musterstraße 1, 48143 Münster');
		expect(settings.contactEmail).toBe('info@eaz.example');
	});

	it('list what a new installation lacks to go live, until each is filled in', () => {
		const server = { smtp: false, origin: 'http://localhost:3000' };
		const open = (settings: typeof DEFAULT_SETTINGS, s = server) => goLiveChecklist(settings, s).filter((item) => !item.done).map((item) => item.key);
		expect(open(DEFAULT_SETTINGS)).toEqual(['address', 'register', 'contactEmail', 'dataRequests', 'mail', 'origin']);
		const everywhere = (text: string) => ({ en: text, de: text, az: text });
		const filled = {
			...DEFAULT_SETTINGS,
			address: { ...everywhere('Musterstraße 1\n48143 Münster'), en: 'Musterstraße 1\n48143 Münster\nGermany' },
			register: everywhere('Amtsgericht Münster, VR 9999'),
			contactEmail: 'info@eaz.example',
			dataRequestsEmail: 'privacy@eaz.example'
		};
		expect(open(filled)).toEqual(['mail', 'origin']);
		expect(open({ ...filled, register: { en: 'Amtsgericht Münster, VR 9999' } })).toEqual(['mail', 'origin']);
		expect(open({ ...filled, register: { de: 'Amtsgericht Münster, VR 9999' } })).toContain('register');
		expect(open({ ...filled, address: { ...filled.address, az: 'Münster, Almaniya' } })).toContain('address');
		expect(open(filled, { smtp: true, origin: 'https://statements.eaz.example' })).toEqual([]);
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

describe('the panel\'s clock', () => {
	it('shows a moment in the panel\'s language and the moderator\'s time zone, with the zone named', async () => {
		const { formatPanelTime, knownTimeZone } = await import('$lib/server/panel-time');
		const at = new Date('2026-12-06T06:31:00Z');
		expect(formatPanelTime(at, 'en', 'Europe/Berlin')).toBe('6 Dec 2026, 07:31 CET');
		expect(formatPanelTime(at, 'de', 'Europe/Berlin')).toMatch(/^6\. Dez\. 2026, 07:31 MEZ$/);
		expect(formatPanelTime(at, 'az', 'Asia/Baku')).toContain('10:31');
		expect(knownTimeZone('Asia/Baku')).toBe('Asia/Baku');
		expect(knownTimeZone('Mars/Olympus')).toBeNull();
		expect(knownTimeZone('x'.repeat(100))).toBeNull();
	});
});
