/** The public list of signatories: newest first, by country, or searched by name. */
import { and, desc, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { preparedQuery } from '../db/prepared';
import { signature } from '../db/schema';
import { nameMatchQuery } from './name-search';

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
 * City and affiliation are shown only beside a full name: beside initials they would point to the
 * person who chose not to be named (SQL, so that nothing else ever leaves the database).
 */
const publicIfFullName = (column: typeof signature.city | typeof signature.affiliation) =>
	sql<string | null>`CASE WHEN ${signature.display} = 'full' THEN ${column} END`;

/** What the public list shows of a signatory, and nothing else. */
const listedFields = () => ({
	id: signature.id,
	name: signature.publicName,
	country: signature.country,
	city: publicIfFullName(signature.city),
	affiliation: publicIfFullName(signature.affiliation),
	confirmedAt: signature.confirmedAt
});

/**
 * Confirmed, visible signatories who chose to be listed, newest first, a page at a time (keyset
 * on confirmation time and id: page 1,000 costs what page 1 costs). A search goes through the
 * name index instead (see searchPublicSignatories).
 */
export function listPublicSignatories(db: Db, statementId: number, query: SignatoryQuery = {}): SignatoryPage {
	const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
	const cursor = parseCursor(query.after);
	const match = query.q ? nameMatchQuery(query.q) : null;
	if (match) return searchPublicSignatories(db, statementId, match, query.country ?? null, cursor?.id ?? null, limit);
	const rows = db
		.select(listedFields())
		.from(signature)
		.where(
			and(
				eq(signature.statementId, statementId),
				eq(signature.state, 'confirmed'),
				eq(signature.hidden, false),
				isNotNull(signature.publicName),
				query.country ? eq(signature.country, query.country) : undefined,
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

/** Index entries looked at per round of a search, and at most per page. */
const SEARCH_ROUND = 200;
const SEARCH_BUDGET = 600;

type SearchRow = { id: number; name: string | null; country: string; city: string | null; affiliation: string | null; confirmedAt: Date | null };

/**
 * A search of the public list: the name index yields listed signatures newest first (by id), and
 * each is checked against the statement and the country. However many names match, a page looks
 * at no more than SEARCH_BUDGET index entries: when a rare country leaves the page short, its
 * `next` continues from where the search stopped.
 */
function searchPublicSignatories(
	db: Db,
	statementId: number,
	match: string,
	country: string | null,
	before: number | null,
	limit: number
): SignatoryPage {
	const candidates = preparedQuery(db, 'signatory_search match', () =>
		db
			.select({ id: sql<number>`rowid` })
			.from(sql`signatory_search`)
			.where(sql`signatory_search MATCH ${sql.placeholder('match')} AND rowid < ${sql.placeholder('before')}`)
			.orderBy(sql`rowid DESC`)
			.limit(sql.placeholder('limit'))
			.prepare()
	);
	// The ids as one JSON array (json_each): the same statement whatever their number.
	const listed = preparedQuery(db, 'signatories by ids', () =>
		db
			.select(listedFields())
			.from(sql`json_each(${sql.placeholder('ids')}) AS c`)
			.crossJoin(signature)
			.where(
				and(
					sql`${signature.id} = c.value`,
					eq(signature.statementId, sql.placeholder('statementId')),
					eq(signature.state, 'confirmed'),
					eq(signature.hidden, false),
					isNotNull(signature.publicName),
					sql`(${sql.placeholder('country')} IS NULL OR ${signature.country} = ${sql.placeholder('country')})`
				)
			)
			.orderBy(desc(signature.id))
			.prepare()
	);
	const found: SearchRow[] = [];
	let from = before ?? Number.MAX_SAFE_INTEGER;
	let looked = 0;
	while (found.length <= limit && looked < SEARCH_BUDGET) {
		const ids = candidates.all({ match, before: from, limit: SEARCH_ROUND }).map((c) => c.id);
		if (ids.length === 0) break;
		looked += ids.length;
		from = ids[ids.length - 1];
		found.push(...listed.all({ ids: JSON.stringify(ids), statementId, country }));
		if (ids.length < SEARCH_ROUND) from = 0;
	}
	const page = found.slice(0, limit);
	const last = page[page.length - 1];
	// More to see: the page is full and one more was found, or the budget ran out before the index did.
	const next = found.length > limit && last ? `${last.confirmedAt!.getTime()}-${last.id}` : from > 0 && looked >= SEARCH_BUDGET ? `0-${from}` : null;
	return {
		signatories: page.map((r) => ({ name: r.name!, country: r.country, city: r.city, affiliation: r.affiliation, confirmedAt: r.confirmedAt!.getTime() })),
		next
	};
}
