import { fail } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { getSettings, parseDomainList, saveSettings, WORDED, type Settings } from '$lib/server/settings';
import { DEFAULT_LOCALE, LOCALES } from '$lib/i18n/locales';
import { parseEmail } from '$lib/validation/email';
import type { Actions, PageServerLoad } from './$types';

/** The settings as the form shows them: the blocklist as lines. */
type FormValues = Omit<Settings, 'domainBlocklist'> & { domainBlocklist: string };

export const load: PageServerLoad = (event) => {
	requireStaff(event, 'admin');
	const settings = getSettings(getDb());
	return { settings: { ...settings, domainBlocklist: settings.domainBlocklist.join('\n') } satisfies FormValues };
};

/** Required in every language: the imprint shows them on every page of it. */
const REQUIRED_WORDED = ['address', 'representatives', 'contentResponsible'] as const;

const text = (form: FormData, name: string) =>
	String(form.get(name) ?? '')
		.replace(/\r\n/g, '\n')
		.trim()
		.slice(0, 1000);

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const values: FormValues = {
			organizationName: text(form, 'organizationName'),
			contactEmail: text(form, 'contactEmail'),
			contactPhone: text(form, 'contactPhone'),
			dataRequestsEmail: text(form, 'dataRequestsEmail'),
			domainBlocklist: text(form, 'domainBlocklist'),
			...(Object.fromEntries(WORDED.map((field) => [field, Object.fromEntries(LOCALES.map((l) => [l, text(form, `${field}.${l}`)]))])) as Pick<Settings, (typeof WORDED)[number]>)
		};
		// Everything typed goes back with an error, so nothing is typed twice.
		// English is required; another language left empty shows the English words (settingsIn), so a language added later blocks nothing.
		const missing = [...(values.organizationName ? [] : ['organizationName']), ...REQUIRED_WORDED.filter((field) => !values[field][DEFAULT_LOCALE]).map((field) => `${field}.${DEFAULT_LOCALE}`)];
		if (missing.length) return fail(400, { error: 'admin.settings.required', invalid: missing, values });
		const emails: Partial<Record<'contactEmail' | 'dataRequestsEmail', string>> = {};
		for (const field of ['contactEmail', 'dataRequestsEmail'] as const) {
			const parsed = values[field] ? parseEmail(values[field]) : null;
			if (values[field] && !parsed) return fail(400, { error: 'errors.email.invalid', invalid: [field], values });
			emails[field] = parsed?.address ?? '';
		}
		const next: Settings = { ...getSettings(getDb()), ...values, ...emails, domainBlocklist: parseDomainList(values.domainBlocklist) };
		saveSettings(getDb(), next, user, hashIp(event.getClientAddress()));
		return { saved: true };
	}
};
