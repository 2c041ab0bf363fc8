import { error, redirect } from '@sveltejs/kit';
import { getCounts } from '$lib/server/statements/counters';
import { getDb } from '$lib/server/db';
import { formatCount, isLocale } from '$lib/i18n/locales';
import { loadCounter } from '$lib/server/statements/page';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { PageServerLoad } from './$types';

// The counter other sites show in a frame: no script, nothing personal, the same for everyone.
export const csr = false;

export const load: PageServerLoad = ({ params, locals, url }) => {
	// Shared answers are kept by their ?lang=: without a valid one, the language would come from
	// this visitor's browser and be served to everyone after them. The frame is sent to its own.
	if (!isLocale(url.searchParams.get('lang'))) redirect(307, `${url.pathname}?lang=${locals.locale}`);
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, locals.locale);
	if (!statement) error(404, 'Not found');
	const organizations = getCounts(db, statement.id).organizations;
	return {
		statement: { slug: statement.slug, title: statement.title, signingOpen: statement.signingOpen },
		counter: loadCounter(db, statement, locals.locale),
		organizations: { count: organizations, countText: formatCount(organizations, locals.locale) }
	};
};
