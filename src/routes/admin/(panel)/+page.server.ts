import { requireStaff } from '$lib/server/auth/guard';
import { getCountryName } from '$lib/countries';
import { getDashboard } from '$lib/server/dashboard';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event);
	const dashboard = getDashboard(getDb());
	return {
		...dashboard,
		topCountries: dashboard.topCountries.map((c) => ({ ...c, name: getCountryName(c.country, event.locals.locale) }))
	};
};
