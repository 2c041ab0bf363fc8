import { getDb } from '$lib/server/db';
import { ledgerJson, ledgerOf, sizeParam } from '$lib/server/ledger/api';
import { proveConsistency } from '$lib/server/ledger/queries';
import type { RequestHandler } from './$types';

/** The RFC 9162 consistency proof that the ledger at `from` leaves is a prefix of the ledger at `to`. */
export const GET: RequestHandler = ({ params, url }) => {
	const { id, size } = ledgerOf(params.slug);
	if (size === 0) return ledgerJson({ error: 'the ledger is empty' }, 404);
	const to = sizeParam(url, 'to', size, 1, size);
	const from = sizeParam(url, 'from', to, 1, to);
	return ledgerJson({ from, to, proof: proveConsistency(getDb(), id, from, to) });
};
