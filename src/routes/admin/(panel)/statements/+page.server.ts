import { fail, redirect } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { createStatement, listStatementsForAdmin } from '$lib/server/statements/admin';
import { readVersionContent } from '$lib/server/statements/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event, 'admin');
	return {
		statements: listStatementsForAdmin(getDb()).map((s) => ({
			slug: s.slug,
			status: s.status,
			featured: s.featured,
			// In the panel's language where the statement has it, else in English.
			title: (s.locales.find((l) => l.locale === event.locals.locale) ?? s.locales.find((l) => l.locale === 'en'))?.title ?? s.slug,
			locales: s.locales.map((l) => l.locale)
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const slug = String(form.get('slug') ?? '').trim();
		const signatoryName = String(form.get('signatoryName') ?? '').trim();
		const issuedOn = String(form.get('issuedOn') ?? '');
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 80) return fail(400, { error: 'admin.statements.slug' });
		if (signatoryName.length < 2 || !/^\d{4}-\d{2}-\d{2}$/.test(issuedOn)) return fail(400, { error: 'admin.statements.fieldLength' });
		const read = readVersionContent(form);
		if ('error' in read) return fail(400, { error: read.error, field: read.field });
		const created = createStatement(getDb(), { slug, signatoryName, issuedOn, content: read.content }, { actor: user, ipHmac: hashIp(event.getClientAddress()) });
		if (!created) return fail(409, { error: 'admin.statements.exists' });
		redirect(303, `/admin/statements/${slug}`);
	}
};
