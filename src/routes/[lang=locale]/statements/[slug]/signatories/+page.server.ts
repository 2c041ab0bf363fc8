import { error } from '@sveltejs/kit';
import { formatCount } from '$lib/i18n/locales';
import { getCounts } from '$lib/server/statements/counters';
import { isCountryCode } from '$lib/country-codes';
import { getCountryName, getCountryOptions } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { listPublicSignatories } from '$lib/server/signatures/public-list';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { PageServerLoad } from './$types';

/** A page to read: it works without JavaScript, so it sends none (a phone on a slow network waits for nothing). */
export const csr = false;

export const load: PageServerLoad = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	const q = (url.searchParams.get('q') ?? '').slice(0, 100).trim();
	const country = url.searchParams.get('country') ?? '';
	const page = listPublicSignatories(db, statement.id, {
		q,
		country: isCountryCode(country) ? country : undefined,
		after: url.searchParams.get('after'),
		limit: 50
	});
	const signatures = getCounts(db, statement.id).signatures;
	return {
		statement: { slug: statement.slug, title: statement.title, signingOpen: statement.signingOpen },
		count: signatures,
		countText: formatCount(signatures, params.lang),
		query: { q, country: isCountryCode(country) ? country : '' },
		signatories: page.signatories.map((s) => ({ ...s, countryName: getCountryName(s.country, params.lang) })),
		next: page.next,
		countries: getCountryOptions(params.lang)
	};
};
