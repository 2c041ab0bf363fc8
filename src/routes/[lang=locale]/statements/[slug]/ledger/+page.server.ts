import { error, redirect } from '@sveltejs/kit';
import { formatCount, formatUtcTime } from '$lib/i18n/locales';
import { getDb } from '$lib/server/db';
import { countHeads, getLedgerKey, latestHead, ledgerKeyFingerprint, listHeads, type HeadBody } from '$lib/server/ledger/heads';
import { getOrigin } from '$lib/server/config';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { listDossiers } from '$lib/server/dossier/produce';
import type { PageServerLoad } from './$types';

/** Heads shown on the page, newest first; the rest are in the JSON. */
const SHOWN = 20;

/** A reading page: no scripts. Checking a receipt runs in the browser, on its own page (./check). */
export const csr = false;

export const load: PageServerLoad = ({ params, url }) => {
	// The links in mails sent before the check had its own page.
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	if (url.searchParams.has('receipt')) redirect(308, `/${params.lang}/statements/${statement.slug}/ledger/check${url.search}`);
	const lang = params.lang;
	const latest = latestHead(db, statement.id);
	const total = countHeads(db, statement.id);
	const heads = listHeads(db, statement.id, Math.max(0, total - SHOWN), SHOWN)
		.reverse()
		.map((head) => {
			const body = JSON.parse(head.body) as HeadBody;
			return {
				counts: { size: head.treeSize, signatures: body.counts.signatures, organizations: body.counts.organizations },
				treeSize: formatCount(head.treeSize, lang),
				time: formatUtcTime(head.signedAt, lang),
				signatures: formatCount(body.counts.signatures, lang),
				organizations: formatCount(body.counts.organizations, lang),
				rootHash: head.rootHash
			};
		});
	return {
		statement: { slug: statement.slug, title: statement.title },
		origin: getOrigin(),
		latest: latest ? heads[0] : null,
		heads,
		totalHeads: total,
		key: latest ? { publicKey: getLedgerKey(false).publicKey.toString('base64'), fingerprint: ledgerKeyFingerprint(false) } : null,
		// The public data files of the dossiers made (what each dossier's printed SHA-256 is of).
		dossiers: listDossiers(db, statement.slug)
			.filter((d) => d.state === 'done')
			.map((d) => ({ id: d.id, time: formatUtcTime(d.headSignedAt, lang), size: d.treeSize, count: d.signatories ?? 0, csvSha256: d.csvSha256, jsonSha256: d.jsonSha256 }))
	};
};
