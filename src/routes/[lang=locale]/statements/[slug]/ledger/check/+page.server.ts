import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getLedgerKey, latestHead, ledgerKeyFingerprint } from '$lib/server/ledger/heads';
import { isReceipt } from '$lib/server/ledger/queries';
import { getOrigin } from '$lib/server/config';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { PageServerLoad } from './$types';

/**
 * "Is my signature counted?": the one ledger page with scripts. The browser fetches the proof of
 * the receipt and checks it against the signed head itself; this load gives it only the key.
 */
export const load: PageServerLoad = ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	const typed = url.searchParams.get('receipt');
	// Nothing typed is nothing to check: the form, without a complaint.
	const receipt = typed?.trim().toLowerCase() || null;
	const signed = latestHead(db, statement.id) !== null;
	return {
		statement: { slug: statement.slug, title: statement.title },
		origin: getOrigin(),
		key: signed ? { publicKey: getLedgerKey(false).publicKey.toString('base64'), fingerprint: ledgerKeyFingerprint(false) } : null,
		receipt: isReceipt(receipt) ? receipt : null,
		receiptMalformed: receipt !== null && !isReceipt(receipt),
		// What was typed, given back to be corrected (bounded: it is only ever a 32-character number).
		typed: typed?.slice(0, 64) ?? ''
	};
};
