import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { loadStatementExtras } from '$lib/server/statements/page';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { loadPrintout } from '$lib/server/print/page';
import type { PageServerLoad } from './$types';

// Sent without SvelteKit's client: the page's form and copy button work by <Enhance />'s small script.
export const csr = false;

export const load: PageServerLoad = async ({ params, url }) => {
	const statement = getPublishedStatement(getDb(), params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	return { statement, ...loadStatementExtras(getDb(), statement, params.lang), printout: await loadPrintout(statement.slug, params.lang, url.origin) };
};
