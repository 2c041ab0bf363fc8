import { fail } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { getSettings, parseDomainList, saveSettings, type Settings } from '$lib/server/settings';
import { parseEmail } from '$lib/validation/email';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event, 'admin');
	const settings = getSettings(getDb());
	return { settings: { ...settings, domainBlocklist: settings.domainBlocklist.join('\n') } };
};

const TEXT_FIELDS = ['organizationName', 'address', 'representatives', 'register', 'contactPhone', 'contentResponsible'] as const;

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const next = { ...getSettings(getDb()) } as Settings;
		for (const field of TEXT_FIELDS) next[field] = String(form.get(field) ?? '').replace(/\r\n/g, '\n').trim().slice(0, 1000);
		if (!next.organizationName || !next.address || !next.representatives || !next.contentResponsible) {
			return fail(400, { error: 'admin.settings.required' });
		}
		for (const field of ['contactEmail', 'dataRequestsEmail'] as const) {
			const value = String(form.get(field) ?? '').trim();
			const parsed = value ? parseEmail(value) : null;
			if (value && !parsed) return fail(400, { error: 'errors.email.invalid' });
			next[field] = parsed?.address ?? '';
		}
		next.domainBlocklist = parseDomainList(String(form.get('domainBlocklist') ?? ''));
		saveSettings(getDb(), next, user, hashIp(event.getClientAddress()));
		return { saved: true };
	}
};
