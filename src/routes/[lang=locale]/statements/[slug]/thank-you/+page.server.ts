import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { isReceipt } from '$lib/server/ledger/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => {
	const statement = getPublishedStatement(getDb(), params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	// The receipt of the signature just confirmed (a public random number, see the ledger).
	const receipt = url.searchParams.get('receipt');
	return { statement: { slug: statement.slug, title: statement.title }, receipt: isReceipt(receipt) ? receipt : null };
};
