import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { ledgerJson, ledgerOf } from '$lib/server/ledger/api';
import { hasLeaves, isReceipt, proveReceipt } from '$lib/server/ledger/queries';
import type { RequestHandler } from './$types';

/** The leaves of one receipt, each with its RFC 9162 inclusion proof against the latest signed head. */
export const GET: RequestHandler = ({ params, url }) => {
	const { id } = ledgerOf(params.slug);
	const receipt = url.searchParams.get('receipt');
	if (!isReceipt(receipt)) error(400, 'receipt must be the 32 hexadecimal digits of a receipt id');
	const proved = proveReceipt(getDb(), id, receipt);
	// Nothing to prove (yet): `pending` when the receipt has leaves that the next head will sign
	// (within LEDGER_HEAD_SECONDS), false when the ledger does not know it.
	if (!proved) return ledgerJson({ receipt, head: null, proofs: [], pending: hasLeaves(getDb(), id, receipt) });
	return ledgerJson({ receipt, head: { ...proved.head, signedAt: proved.head.signedAt.toISOString() }, proofs: proved.proofs });
};
