import { ledgerJson } from '$lib/server/ledger/api';
import { getLedgerKey, ledgerKeyFingerprint } from '$lib/server/ledger/heads';
import type { RequestHandler } from './$types';

/** The key every ledger head of this site is signed with (Ed25519, raw 32 bytes in base64), at a stable address. */
export const GET: RequestHandler = () =>
	ledgerJson({ algorithm: 'Ed25519', publicKey: getLedgerKey().publicKey.toString('base64'), fingerprint: ledgerKeyFingerprint() });

