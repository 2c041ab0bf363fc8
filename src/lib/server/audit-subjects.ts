import { eq, inArray } from 'drizzle-orm';
import { translate } from '$lib/i18n/translate';
import type { Locale } from '$lib/i18n/locales';
import type { Db } from './db';
import { adminUser, dossier, endorsement, signature, statement } from './db/schema';
import { getPublishedStatement } from './statements/queries';

/** What an audit entry is about, in words and, where it still exists, with the page that shows it. */
export type Subject = { text: string; href: string | null };

type Entry = { action: string; subjectType: string | null; subjectId: string | null; after: unknown };

/** A person's initials, as the audit log names a signer ("A. M."): enough to tell entries apart, no more. */
export function initialsOf(name: string): string {
	return name
		.split(/\s+/)
		.filter(Boolean)
		.map((word) => `${[...word][0].toLocaleUpperCase()}.`)
		.join(' ');
}

/** Names the subjects of a page of audit entries, looking each kind up once. */
export function nameSubjects(db: Db, entries: Entry[], locale: Locale, viewer: { admin: boolean }): Subject[] {
	const ids = (type: string) => [...new Set(entries.filter((e) => e.subjectType === type && e.subjectId).map((e) => Number(e.subjectId)))].filter(Number.isInteger);
	const staff = new Map(lookup(ids('admin_user'), (list) => db.select({ id: adminUser.id, name: adminUser.name }).from(adminUser).where(inArray(adminUser.id, list)).all()));
	const signers = new Map(lookup(ids('signature'), (list) => db.select({ id: signature.id, name: signature.name }).from(signature).where(inArray(signature.id, list)).all()));
	const organizations = new Map(lookup(ids('endorsement'), (list) => db.select({ id: endorsement.id, name: endorsement.name }).from(endorsement).where(inArray(endorsement.id, list)).all()));
	const dossiers = new Map(
		lookup(ids('dossier'), (list) =>
			db.select({ id: dossier.id, slug: statement.slug }).from(dossier).innerJoin(statement, eq(statement.id, dossier.statementId)).where(inArray(dossier.id, list)).all().map((d) => ({ id: d.id, name: d.slug }))
		)
	);
	const t = (id: string, values?: Record<string, string | number>) => translate(locale, `admin.audit.subjects.${id}`, values);
	const titles = new Map<string, string>();
	const titleOf = (slug: string) => {
		if (!titles.has(slug)) titles.set(slug, getPublishedStatement(db, slug, locale)?.title ?? slug);
		return titles.get(slug)!;
	};

	return entries.map((e): Subject => {
		const id = e.subjectId;
		switch (e.subjectType) {
			case 'admin_user': {
				const name = staff.get(Number(id));
				return { text: t('staff', { name: name ?? `#${id}` }), href: name && viewer.admin ? '/admin/staff' : null };
			}
			case 'signature': {
				const name = signers.get(Number(id));
				// The number too: it is what the log's filter takes.
				return name ? { text: `${t('signature', { initials: initialsOf(name) })} (#${id})`, href: `/admin/signatures/${id}` } : { text: t('signatureGone', { id: String(id) }), href: null };
			}
			case 'endorsement': {
				const name = organizations.get(Number(id));
				return name ? { text: `${t('endorsement', { name })} (#${id})`, href: `/admin/endorsements/${id}` } : { text: t('endorsementGone', { id: String(id) }), href: null };
			}
			case 'statement':
				return { text: t('statement', { title: titleOf(String(id)) }), href: `/admin/statements/${id}` };
			case 'dossier': {
				const slug = dossiers.get(Number(id));
				return { text: t('dossier', { id: String(id) }), href: slug ? `/admin/statements/${slug}/dossiers` : null };
			}
			case 'settings':
				return { text: t('settings'), href: '/admin/settings' };
			case 'export':
				return { text: t(e.action === 'export.endorsements' ? 'exportEndorsements' : 'exportSignatures'), href: null };
			case 'bulk': {
				const count = (e.after as { count?: unknown } | null)?.count;
				if (e.action === 'bulk.revert') return { text: t('bulkRevert', { id: String(id) }), href: null };
				return { text: typeof count === 'number' ? t('bulk', { count }) : t('bulkSome'), href: null };
			}
			default:
				return { text: e.subjectType ? `${e.subjectType}${id ? ` ${id}` : ''}` : '—', href: null };
		}
	});
}

function lookup(ids: number[], read: (ids: number[]) => { id: number; name: string }[]): [number, string][] {
	return ids.length ? read(ids).map((row) => [row.id, row.name]) : [];
}
