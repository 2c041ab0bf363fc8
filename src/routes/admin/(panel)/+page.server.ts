import { requireStaff } from '$lib/server/auth/guard';
import { getCountryName } from '$lib/countries';
import { getDashboard } from '$lib/server/dashboard';
import { getDb } from '$lib/server/db';
import { formatCount } from '$lib/i18n/locales';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event);
	const dashboard = getDashboard(getDb());
	const locale = event.locals.locale;
	// Formatted here: browsers without Azerbaijani number formats would write them differently.
	const format = <T extends Record<string, number | null>>(counts: T) =>
		Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v === null ? null : formatCount(v, locale)])) as { [K in keyof T]: string };
	return {
		signatures: format(dashboard.signatures),
		endorsements: format(dashboard.endorsements),
		outbox: format(dashboard.outbox),
		mailCeiling: dashboard.mailCeiling ? { ...dashboard.mailCeiling, perHour: formatCount(dashboard.mailCeiling.perHour, locale) } : null,
		perDay: dashboard.perDay.map((d) => ({ ...d, shown: formatCount(d.n, locale) })),
		topCountries: dashboard.topCountries.map((c) => ({ ...c, shown: formatCount(c.n, locale), name: getCountryName(c.country, locale) }))
	};
};
