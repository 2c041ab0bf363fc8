import { and, desc, eq, isNotNull, like, lt, or, sql } from 'drizzle-orm';
import { foldForSearch } from '$lib/search';
import type { Db } from './db';
import { signature } from './db/schema';

export type PublicSignatory = {
	name: string;
	country: string;
	city: string | null;
	affiliation: string | null;
	confirmedAt: number;
};

export type SignatoryPage = { signatories: PublicSignatory[]; next: string | null };

export type SignatoryQuery = { q?: string; country?: string; after?: string | null; limit?: number };

function parseCursor(cursor: string | null | undefined): { at: number; id: number } | null {
	const match = cursor?.match(/^(\d{1,15})-(\d{1,15})$/);
	return match ? { at: Number(match[1]), id: Number(match[2]) } : null;
}

/**
 * Confirmed, visible signatories who chose to be listed, newest first, a page at a time (keyset
 * on confirmation time and id: page 1,000 costs what page 1 costs).
 */
export function listPublicSignatories(db: Db, statementId: number, query: SignatoryQuery = {}): SignatoryPage {
	const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
	const cursor = parseCursor(query.after);
	const needle = query.q ? foldForSearch(query.q).replace(/[%_\\]/g, (c) => `\\${c}`) : '';
	const rows = db
		.select({
			id: signature.id,
			name: signature.publicName,
			country: signature.country,
			city: signature.city,
			affiliation: signature.affiliation,
			confirmedAt: signature.confirmedAt
		})
		.from(signature)
		.where(
			and(
				eq(signature.statementId, statementId),
				eq(signature.state, 'confirmed'),
				eq(signature.hidden, false),
				isNotNull(signature.publicName),
				query.country ? eq(signature.country, query.country) : undefined,
				needle ? like(signature.publicNameKey, sql`${`%${needle}%`} ESCAPE '\\'`) : undefined,
				cursor
					? or(
							lt(signature.confirmedAt, new Date(cursor.at)),
							and(eq(signature.confirmedAt, new Date(cursor.at)), lt(signature.id, cursor.id))
						)
					: undefined
			)
		)
		.orderBy(desc(signature.confirmedAt), desc(signature.id))
		.limit(limit + 1)
		.all();
	const page = rows.slice(0, limit);
	const last = page[page.length - 1];
	return {
		signatories: page.map((r) => ({
			name: r.name!,
			country: r.country,
			city: r.city,
			affiliation: r.affiliation,
			confirmedAt: r.confirmedAt!.getTime()
		})),
		next: rows.length > limit && last ? `${last.confirmedAt!.getTime()}-${last.id}` : null
	};
}
