import { getDb } from '$lib/server/db';
import { ledgerJson, ledgerOf } from '$lib/server/ledger/api';
import { getLedgerKey, ledgerKeyFingerprint, listHeads } from '$lib/server/ledger/heads';
import type { RequestHandler } from './$types';

/** Every signed tree head of the statement's ledger, oldest first, with the key that signed them. */
export const GET: RequestHandler = ({ params }) => {
	const { id } = ledgerOf(params.slug);
	return ledgerJson({
		publicKey: getLedgerKey().publicKey.toString('base64'),
		fingerprint: ledgerKeyFingerprint(),
		heads: listHeads(getDb(), id).map((head) => ({ ...head, signedAt: head.signedAt.toISOString() }))
	});
};
