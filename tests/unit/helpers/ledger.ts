import type { Db } from '$lib/server/db';

type Leaf = { kind: 'signature' | 'organization'; delta: number; country: string };

/**
 * The counts as the ledger's leaves add them up, read straight from the table (not through the
 * ledger's code): what an outsider recounting the published leaves gets.
 */
export function recountLedger(db: Db, statementId: number) {
	const leaves = (db.$client.prepare('SELECT data FROM ledger_leaf WHERE statement_id = ? ORDER BY position').pluck().all(statementId) as string[]).map(
		(data) => JSON.parse(data) as Leaf
	);
	const total = { signatures: 0, organizations: 0 };
	const byCountry = new Map<string, { signatures: number; organizations: number }>();
	for (const leaf of leaves) {
		const field = leaf.kind === 'signature' ? 'signatures' : 'organizations';
		total[field] += leaf.delta;
		const country = byCountry.get(leaf.country) ?? { signatures: 0, organizations: 0 };
		country[field] += leaf.delta;
		byCountry.set(leaf.country, country);
	}
	const countries = (field: 'signatures' | 'organizations') =>
		Object.fromEntries([...byCountry].filter(([, c]) => c[field] !== 0).map(([code, c]) => [code, c[field]]));
	return { ...total, signaturesByCountry: countries('signatures'), organizationsByCountry: countries('organizations'), leaves: leaves.length };
}
