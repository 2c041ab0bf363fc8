import { getDb } from '$lib/server/db';
import { ledgerJson, ledgerOf, sizeParam } from '$lib/server/ledger/api';
import { LEAVES_PER_PAGE, listLeaves } from '$lib/server/ledger/queries';
import type { RequestHandler } from './$types';

/** Leaves [from, to) of the ledger, at most 1,000 a page; `next` continues. Each leaf's `data` is its exact bytes (UTF-8). */
export const GET: RequestHandler = ({ params, url }) => {
	const { id, size } = ledgerOf(params.slug);
	const from = sizeParam(url, 'from', 0, 0, size);
	const to = sizeParam(url, 'to', size, from, size);
	const leaves = listLeaves(getDb(), id, from, to);
	const end = from + leaves.length;
	return ledgerJson({ size, from, to: end, leaves, next: end < to ? `${url.pathname}?from=${end}&to=${to}` : null, perPage: LEAVES_PER_PAGE });
};
