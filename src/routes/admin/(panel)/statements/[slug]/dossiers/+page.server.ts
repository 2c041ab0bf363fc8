import { error, fail, redirect } from '@sveltejs/kit';
import { formatCount, formatUtcTime, isLocale, LOCALE_NAMES, LOCALES, type Locale } from '$lib/i18n/locales';
import { hashIp } from '$lib/server/abuse/ip';
import { recordAudit } from '$lib/server/audit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { deleteDossier, listDossiers, requestDossier } from '$lib/server/dossier/produce';
import { wakeDossiers } from '$lib/server/jobs';
import { signHead } from '$lib/server/ledger/heads';
import { getStatementForEdit } from '$lib/server/statements/admin';
import type { Actions, PageServerLoad } from './$types';

function statementOf(slug: string) {
	const found = getStatementForEdit(getDb(), slug);
	if (!found) error(404, 'Not found');
	return found;
}

export const load: PageServerLoad = (event) => {
	requireStaff(event, 'admin');
	const found = statementOf(event.params.slug);
	const dossiers = listDossiers(getDb(), event.params.slug);
	const lang = event.locals.locale;
	const megabytes = (bytes: number) => `${(bytes / 1_000_000).toLocaleString(lang, { maximumFractionDigits: 1 })} MB`;
	return {
		slug: found.statement.slug,
		title: (found.versions[lang] ?? found.versions.en)?.title ?? found.statement.slug,
		authoritative: found.statement.authoritativeLocale,
		languages: LOCALES.filter((l) => found.versions[l]).map((l) => ({ code: l, name: LOCALE_NAMES[l] })),
		draft: found.statement.status === 'draft',
		dossiers: dossiers.map((d) => ({
			id: d.id,
			state: d.state,
			progress: d.progress,
			createdAt: formatUtcTime(d.createdAt, lang),
			createdByEmail: d.createdByEmail,
			treeSize: d.treeSize,
			headSignedAt: formatUtcTime(d.headSignedAt, lang),
			languages: d.locales.map((l) => LOCALE_NAMES[l]).join(', '),
			withSignatories: d.withSignatories,
			signatories: d.signatories,
			pdfSha256: d.pdfSha256,
			size: d.pdfBytes === null ? null : megabytes(d.pdfBytes),
			pages: d.pages,
			csvSha256: d.csvSha256,
			jsonSha256: d.jsonSha256,
			seconds: d.milliseconds === null ? null : formatCount(Math.round(d.milliseconds / 100) / 10, lang),
			error: d.error
		})),
		made: Number(event.url.searchParams.get('made')) || null
	};
};

/** "2026-12-05T14:30" (a datetime-local field, read as UTC), or null for now; undefined when unreadable. */
function readCutoff(value: FormDataEntryValue | null): Date | null | undefined {
	const text = String(value ?? '').trim();
	if (text === '') return null;
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return undefined;
	const at = new Date(`${text}Z`);
	return Number.isNaN(at.getTime()) ? undefined : at;
}

export const actions: Actions = {
	make: async (event) => {
		const { user } = requireStaff(event, 'admin');
		statementOf(event.params.slug);
		const form = await event.request.formData();
		const cutoff = readCutoff(form.get('cutoff'));
		if (cutoff === undefined) return fail(400, { error: 'admin.dossiers.errors.cutoff' });
		const locales = form.getAll('locale').filter((l): l is Locale => isLocale(l));
		const db = getDb();
		const outcome = requestDossier(
			db,
			event.params.slug,
			{ locales, withSignatories: form.get('withSignatories') === 'on', cutoff: cutoff ?? new Date() },
			{ actor: user, ipHmac: hashIp(event.getClientAddress()) }
		);
		if (!outcome.ok) return fail(outcome.error === 'notFound' ? 404 : 409, { error: `admin.dossiers.errors.${outcome.error}` });
		wakeDossiers();
		redirect(303, `/admin/statements/${event.params.slug}/dossiers?made=${outcome.id}`);
	},
	delete: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const deleted = deleteDossier(getDb(), event.params.slug, Number(form.get('id')), { actor: user, ipHmac: hashIp(event.getClientAddress()) });
		if (!deleted) return fail(404, { error: 'admin.dossiers.errors.notFound' });
		return { deleted: true };
	},
	sign: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const found = statementOf(event.params.slug);
		const db = getDb();
		if (found.statement.status === 'draft') return fail(409, { error: 'admin.dossiers.errors.draft' });
		const head = signHead(db, found.statement.id, new Date(), (tx, signed) =>
			recordAudit(tx, { actor: user, action: 'ledger.sign', subjectType: 'statement', subjectId: found.statement.slug, after: { treeSize: signed.treeSize }, ipHmac: hashIp(event.getClientAddress()) })
		);
		return { signed: head?.treeSize ?? null };
	}
};
