import { error, fail } from '@sveltejs/kit';
import { isLocale, LOCALES } from '$lib/i18n/locales';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { getStatementForEdit, isStatementStatus, saveStatementText, updateStatementSettings } from '$lib/server/statements/admin';
import { readDay, readVersionContent } from '$lib/server/statements/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event, 'admin');
	const found = getStatementForEdit(getDb(), event.params.slug);
	if (!found) error(404, 'Not found');
	const s = found.statement;
	return {
		statement: {
			slug: s.slug,
			status: s.status,
			featured: s.featured,
			signatureGoal: s.signatureGoal,
			opensAt: s.opensAt?.toISOString().slice(0, 10) ?? '',
			closesAt: s.closesAt?.toISOString().slice(0, 10) ?? ''
		},
		texts: LOCALES.map((locale) => {
			const v = found.versions[locale];
			return {
				locale,
				text: v ? { title: v.title, addressee: v.addressee, body: v.body, closing: v.closing, issuerName: v.issuerName, signatoryTitle: v.signatoryTitle, issuedPlace: v.issuedPlace } : undefined,
				official: v?.official ?? locale === 'en',
				versions: found.history.filter((h) => h.locale === locale).length
			};
		})
	};
};

export const actions: Actions = {
	settings: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const status = form.get('status');
		const goalText = String(form.get('signatureGoal') ?? '').trim();
		const goal = goalText === '' ? null : Number(goalText);
		const opensAt = readDay(form.get('opensAt'));
		const closesAt = readDay(form.get('closesAt'));
		if (!isStatementStatus(status)) return fail(400, { error: 'admin.statements.fieldLength' });
		if (goal !== null && (!Number.isInteger(goal) || goal < 1 || goal > 100_000_000)) return fail(400, { error: 'admin.statements.goal' });
		if (opensAt === 'invalid' || closesAt === 'invalid') return fail(400, { error: 'admin.statements.dates' });
		if (opensAt && closesAt && closesAt <= opensAt) return fail(400, { error: 'admin.statements.dates' });
		const outcome = updateStatementSettings(
			getDb(),
			event.params.slug,
			{ status, featured: form.get('featured') === 'on', signatureGoal: goal, opensAt, closesAt },
			{ actor: user, ipHmac: hashIp(event.getClientAddress()) }
		);
		if (outcome === 'not_found') error(404, 'Not found');
		if (outcome === 'missing_translations') return fail(409, { error: 'admin.statements.gate' });
		return { saved: 'settings' };
	},
	text: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const locale = form.get('locale');
		if (!isLocale(locale)) return fail(400, { error: 'admin.statements.fieldLength' });
		const read = readVersionContent(form);
		if ('error' in read) return fail(400, { error: read.error, field: read.field, locale });
		const changed = saveStatementText(getDb(), event.params.slug, locale, read.content, locale === 'en' || form.get('official') === 'on', {
			actor: user,
			ipHmac: hashIp(event.getClientAddress())
		});
		if (changed === null) error(404, 'Not found');
		return { saved: locale, changed };
	}
};
