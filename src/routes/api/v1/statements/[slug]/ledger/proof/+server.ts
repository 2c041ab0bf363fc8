import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { ledgerJson, ledgerOf } from '$lib/server/ledger/api';
import { isReceipt, proveReceipt } from '$lib/server/ledger/queries';
import type { RequestHandler } from './$types';

/** The leaves of one receipt, each with its RFC 9162 inclusion proof against the latest signed head. */
export const GET: RequestHandler = ({ params, url }) => {
	const { id } = ledgerOf(params.slug);
	const receipt = url.searchParams.get('receipt');
	if (!isReceipt(receipt)) error(400, 'receipt must be the 32 hexadecimal digits of a receipt id');
	const proved = proveReceipt(getDb(), id, receipt);
	// Not (yet) in a signed head: a new signature is, within LEDGER_HEAD_SECONDS.
	if (!proved) return ledgerJson({ receipt, head: null, proofs: [] }, 404);
	return ledgerJson({ receipt, head: { ...proved.head, signedAt: proved.head.signedAt.toISOString() }, proofs: proved.proofs });
};
