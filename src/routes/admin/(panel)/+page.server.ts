import { requireStaff } from '$lib/server/auth/guard';
import { getCountryName } from '$lib/server/countries';
import { getDashboard } from '$lib/server/dashboard';
import { getDb } from '$lib/server/db';
import { formatCount, formatDayMonth, formatLongDate } from '$lib/i18n/locales';
import { getOrigin, getSmtpUrl } from '$lib/server/config';
import { getSettings, goLiveChecklist } from '$lib/server/settings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireStaff(event);
	const dashboard = getDashboard(getDb());
	const checklist = goLiveChecklist(getSettings(getDb()), { smtp: getSmtpUrl() !== null, origin: getOrigin() });
	const locale = event.locals.locale;
	// Formatted here: browsers without Azerbaijani number formats would write them differently.
	const format = <T extends Record<string, number | null>>(counts: T) =>
		Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v === null ? null : formatCount(v, locale)])) as { [K in keyof T]: string };
	return {
		// Until everything on it is done; only administrators can do the settings' part.
		checklist: checklist.every((item) => item.done) ? null : checklist,
		mayChangeSettings: user.role === 'admin',
		signatures: format(dashboard.signatures),
		endorsements: format(dashboard.endorsements),
		outbox: format(dashboard.outbox),
		mailCeiling: dashboard.mailCeiling ? { ...dashboard.mailCeiling, perHour: formatCount(dashboard.mailCeiling.perHour, locale) } : null,
		perDay: lastDays(dashboard.perDay, 30).map((d) => ({ ...d, shown: formatCount(d.n, locale), label: formatDayMonth(d.day, locale), long: formatLongDate(d.day, locale) })),
		topCountries: dashboard.topCountries.map((c) => ({ ...c, shown: formatCount(c.n, locale), name: getCountryName(c.country, locale) }))
	};
};

/** Every one of the last `count` days (UTC) up to today, days without a signature as zero, so that a chart's bar is one day wide. */
function lastDays(counted: { day: string; n: number }[], count: number, today = new Date()): { day: string; n: number }[] {
	const byDay = new Map(counted.map((d) => [d.day, d.n]));
	return Array.from({ length: count }, (_, i) => {
		const day = new Date(today.getTime() - (count - 1 - i) * 24 * 3600_000).toISOString().slice(0, 10);
		return { day, n: byDay.get(day) ?? 0 };
	});
}
