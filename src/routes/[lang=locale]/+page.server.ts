import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { loadStatementExtras } from '$lib/server/statements/page';
import { getFeaturedStatement } from '$lib/server/statements/queries';
import { loadPrintout } from '$lib/server/print/page';
import type { PageServerLoad } from './$types';

// Sent without SvelteKit's client: the page's form and copy button work by <Enhance />'s small script.
export const csr = false;

export const load: PageServerLoad = async ({ params, url }) => {
	const statement = getFeaturedStatement(getDb(), params.lang);
	if (!statement) error(404, 'Not found');
	return { statement, ...loadStatementExtras(getDb(), statement, params.lang), printout: await loadPrintout(statement.slug, params.lang, url.origin) };
};
