import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { loadCounter, loadLatest } from '$lib/server/statements/page';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { isReceipt } from '$lib/server/ledger/queries';
import type { PageServerLoad } from './$types';

// Sent without SvelteKit's client: its copy button works by <Enhance />'s small script.
export const csr = false;

export const load: PageServerLoad = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	// The receipt of the signature just confirmed (a public random number, see the ledger).
	const receipt = url.searchParams.get('receipt');
	return {
		statement: { slug: statement.slug, title: statement.title },
		receipt: isReceipt(receipt) ? receipt : null,
		// The count with this signature in it, and the people who signed last.
		counter: loadCounter(db, statement, params.lang),
		latest: loadLatest(db, statement, params.lang)
	};
};
