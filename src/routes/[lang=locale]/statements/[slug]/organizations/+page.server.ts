import { error } from '@sveltejs/kit';
import { formatCount } from '$lib/i18n/locales';
import { getCounts, getOrganizationCountsByCountry } from '$lib/server/statements/counters';
import { getCountryName } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { toEndorserView } from '$lib/server/endorsements/public-list';
import { listPublicEndorsers } from '$lib/server/endorsements/public-list';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { ORGANIZATION_TYPES, type OrganizationType } from '$lib/validation/choices';
import type { PageServerLoad } from './$types';

/** A page to read: it works without JavaScript, so it sends none (a phone on a slow network waits for nothing). */
export const csr = false;

export const load: PageServerLoad = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	// Only countries that have an organization on the list are offered.
	const countries = getOrganizationCountsByCountry(db, statement.id)
		.map((c) => ({ code: c.country, name: getCountryName(c.country, params.lang) }))
		.sort((a, b) => a.name.localeCompare(b.name, params.lang));
	const country = url.searchParams.get('country') ?? '';
	const type = url.searchParams.get('type') ?? '';
	const query = {
		country: countries.some((c) => c.code === country) ? country : '',
		type: (ORGANIZATION_TYPES as readonly string[]).includes(type) ? (type as OrganizationType) : ''
	};
	const page = listPublicEndorsers(db, statement.id, {
		country: query.country || undefined,
		type: query.type || undefined,
		after: url.searchParams.get('after'),
		limit: 60
	});
	return {
		statement: { slug: statement.slug, title: statement.title, signingOpen: statement.signingOpen },
		countText: formatCount(getCounts(db, statement.id).organizations, params.lang),
		count: getCounts(db, statement.id).organizations,
		query,
		endorsers: page.endorsers.map((e) => toEndorserView(e, params.lang)),
		next: page.next,
		countries
	};
};
