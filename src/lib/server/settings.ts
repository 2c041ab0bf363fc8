import { eq } from 'drizzle-orm';
import { recordAudit } from './audit';
import type { Connection, Db } from './db';
import { setting } from './db/schema';
import type { StaffActor } from './staff/accounts';

/** What the imprint (§ 5 DDG) and the privacy notice say about the association, and the blocklist. */
export type Settings = {
	organizationName: string;
	address: string;
	representatives: string;
	register: string;
	contactEmail: string;
	contactPhone: string;
	contentResponsible: string;
	dataRequestsEmail: string;
	/** Email domains whose signatures are kept but flagged for moderators. */
	domainBlocklist: string[];
};

export const DEFAULT_SETTINGS: Settings = {
	organizationName: 'Europäisches Aserbaidschan Zentrum e.V. (European Azerbaijan Center e.V.)',
	address: 'Münster, Germany',
	representatives: 'Zaur Aliyev, Chairman',
	register: '',
	contactEmail: '',
	contactPhone: '',
	contentResponsible: 'Zaur Aliyev, Münster, Germany',
	dataRequestsEmail: '',
	domainBlocklist: []
};

const KEY = 'association';

export function getSettings(db: Connection): Settings {
	const row = db.select().from(setting).where(eq(setting.key, KEY)).get();
	return { ...DEFAULT_SETTINGS, ...((row?.value as Partial<Settings>) ?? {}) };
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
