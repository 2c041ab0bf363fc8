import { eq } from 'drizzle-orm';
import { recordAudit } from './audit';
import type { Connection, Db } from './db';
import { setting } from './db/schema';
import type { StaffActor } from './staff/accounts';
import { LOCALES, type Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';

/** The settings that are words (a role, a place, a court), entered once per language. */
export const WORDED = ['address', 'representatives', 'register', 'contentResponsible'] as const;
export type Worded = (typeof WORDED)[number];
export type PerLanguage = Partial<Record<Locale, string>>;

/** What the imprint (§ 5 DDG) and the privacy notice say about the association, and the blocklist. */
export type Settings = {
	organizationName: string;
	contactEmail: string;
	contactPhone: string;
	dataRequestsEmail: string;
	/** Email domains whose signatures are kept but flagged for moderators. */
	domainBlocklist: string[];
} & Record<Worded, PerLanguage>;

/** The settings of one language, as the public pages show them. */
export type LocalSettings = Omit<Settings, Worded> & Record<Worded, string>;

/** A worded default in every language, from the dictionaries (`imprint.defaults.*`). */
const wordedDefault = (key: 'address' | 'representatives' | 'contentResponsible'): PerLanguage =>
	Object.fromEntries(LOCALES.map((l) => [l, translate(l, `imprint.defaults.${key}`)]));

/** What a new installation says until an administrator has filled in the rest (see goLiveChecklist). */
export const DEFAULT_SETTINGS: Settings = {
	organizationName: 'Europäisches Aserbaidschan Zentrum e.V. (European Azerbaijan Center e.V.)',
	address: wordedDefault('address'),
	representatives: wordedDefault('representatives'),
	register: {},
	contactEmail: '',
	contactPhone: '',
	contentResponsible: wordedDefault('contentResponsible'),
	dataRequestsEmail: '',
	domainBlocklist: []
};

const KEY = 'association';

/**
 * A worded setting as stored: one text per language, or (saved before they were) a single text,
 * which stands for every language, unless it is the old English default, whose translations are known.
 */
function perLanguage(stored: unknown, fallback: PerLanguage): PerLanguage {
	if (typeof stored === 'string') return stored === fallback.en ? fallback : Object.fromEntries(LOCALES.map((l) => [l, stored]));
	return stored && typeof stored === 'object' ? (stored as PerLanguage) : fallback;
}

export function getSettings(db: Connection): Settings {
	const row = db.select().from(setting).where(eq(setting.key, KEY)).get();
	const stored = (row?.value as Record<string, unknown> | undefined) ?? {};
	const settings = { ...DEFAULT_SETTINGS, ...stored } as Settings;
	for (const field of WORDED) settings[field] = perLanguage(stored[field], DEFAULT_SETTINGS[field]);
	return settings;
}

/** The settings in one language; a language added later shows the English words until it has its own. */
export function settingsIn(settings: Settings, lang: Locale): LocalSettings {
	const local = { ...settings } as unknown as LocalSettings;
	for (const field of WORDED) local[field] = settings[field][lang]?.trim() || settings[field].en?.trim() || '';
	return local;
}

/** One thing to do before the site goes live, and whether it is done. */
export type ChecklistItem = { key: 'address' | 'register' | 'contactEmail' | 'dataRequests' | 'mail' | 'origin'; done: boolean; where: 'settings' | 'server' };

/**
 * What the imprint (§ 5 DDG) and the privacy notice (GDPR Art. 13) need and a new installation
 * does not have, and what whoever runs the server must set. Shown on the dashboard until all is done.
 */
export function goLiveChecklist(settings: Settings, server: { smtp: boolean; origin: string }): ChecklistItem[] {
	// As each language's pages show it: its own words, or the English ones.
	const everyLanguage = (field: Worded, test: (text: string) => boolean = Boolean) => LOCALES.every((l) => test(settingsIn(settings, l)[field]));
	return [
		// A street and a postcode (the default names only the town).
		{ key: 'address', done: everyLanguage('address', (text) => /\d/.test(text)), where: 'settings' },
		// The register entry shows on every imprint, in English where a language has none of its own.
		{ key: 'register', done: Boolean(settings.register.en?.trim()), where: 'settings' },
		{ key: 'contactEmail', done: Boolean(settings.contactEmail), where: 'settings' },
		{ key: 'dataRequests', done: Boolean(settings.dataRequestsEmail), where: 'settings' },
		{ key: 'mail', done: server.smtp, where: 'server' },
		{ key: 'origin', done: server.origin.startsWith('https://'), where: 'server' }
	];
}

export function saveSettings(db: Db, next: Settings, actor: StaffActor, ipHmac: string | null): void {
	db.transaction((tx) => {
		const before = getSettings(tx);
		const now = new Date();
		tx.insert(setting).values({ key: KEY, value: next, updatedAt: now }).onConflictDoUpdate({ target: setting.key, set: { value: next, updatedAt: now } }).run();
		recordAudit(tx, { actor, action: 'settings.update', subjectType: 'settings', subjectId: KEY, before, after: next, ipHmac }, now);
	});
}

/** Domains as typed by an administrator, one per line: lower-cased, without "@", deduplicated. */
export function parseDomainList(text: string): string[] {
	return [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter((d) => /^[a-z0-9.-]+\.[a-z0-9-]{2,}$/.test(d)))];
}

export function isBlocklisted(db: Db, emailDomain: string): boolean {
	const list = getSettings(db).domainBlocklist;
	return list.some((d) => emailDomain === d || emailDomain.endsWith(`.${d}`));
}
