import { getDb } from '$lib/server/db';
import { ledgerJson, ledgerOf, sizeParam } from '$lib/server/ledger/api';
import { countHeads, getLedgerKey, HEADS_PER_PAGE, latestHead, ledgerKeyFingerprint, listHeads, type SignedHead } from '$lib/server/ledger/heads';
import type { RequestHandler } from './$types';

const shown = (head: SignedHead) => ({ ...head, signedAt: head.signedAt.toISOString() });

/**
 * The statement's signed tree heads, oldest first, 500 a page (`after`: how many to skip; `next`
 * continues), with the latest head and the key that signed them.
 */
export const GET: RequestHandler = ({ params, url }) => {
	const { id } = ledgerOf(params.slug);
	const db = getDb();
	const total = countHeads(db, id);
	const after = sizeParam(url, 'after', 0, 0, total);
	const heads = listHeads(db, id, after, HEADS_PER_PAGE);
	const latest = latestHead(db, id);
	const end = after + heads.length;
	return ledgerJson({
		// No head signed yet: no key to show either (the first head makes it).
		publicKey: latest ? getLedgerKey(false).publicKey.toString('base64') : null,
		fingerprint: latest ? ledgerKeyFingerprint(false) : null,
		total,
		latest: latest ? shown(latest) : null,
		heads: heads.map(shown),
		next: end < total ? `${url.pathname}?after=${end}` : null
	});
};
