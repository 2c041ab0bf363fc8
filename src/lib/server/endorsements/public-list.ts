/** The public side of endorsements: who is shown, and what of them. Never the contact person. */
import { and, asc, desc, eq, gt, or } from 'drizzle-orm';
import { isCountryCode } from '$lib/country-codes';
import { getCountryName } from '$lib/server/countries';
import type { Locale } from '$lib/i18n/locales';
import { ORGANIZATION_TYPES, type OrganizationType } from '$lib/validation/choices';
import type { Db } from '../db';
import { endorsement, type Endorsement } from '../db/schema';
import { logoPath } from './logos';

export type PublicEndorser = {
	name: string;
	type: OrganizationType;
	country: string;
	city: string | null;
	website: string | null;
	logo: string | null;
	support: string | null;
	approvedAt: number;
};

export type EndorserQuery = { country?: string; type?: string; after?: string | null; limit?: number };

/**
 * The public JSON's parameters, each only if it is understood. The answer is shared (see
 * cache-policy.js), so nothing else a request sends may reach it, not even in its `next` link.
 */
export function readPublicEndorserQuery(params: URLSearchParams): EndorserQuery & { limit: number } {
	const country = params.get('country') ?? '';
	const type = params.get('type') ?? '';
	return {
		country: isCountryCode(country) ? country : undefined,
		type: (ORGANIZATION_TYPES as readonly string[]).includes(type) ? type : undefined,
		after: params.get('after'),
		limit: Math.min(Math.max(Math.trunc(Number(params.get('limit'))) || 500, 1), 500)
	};
}

/** The query of the next page: the understood parameters and the cursor. */
export function nextPageQuery(query: EndorserQuery & { limit: number }, after: string): URLSearchParams {
	const next = new URLSearchParams();
	if (query.country) next.set('country', query.country);
	if (query.type) next.set('type', query.type);
	next.set('limit', String(query.limit));
	next.set('after', after);
	return next;
}
export type EndorserPage = { endorsers: PublicEndorser[]; next: string | null };

const publicColumns = {
	id: endorsement.id,
	name: endorsement.name,
	nameKey: endorsement.nameKey,
	type: endorsement.type,
	country: endorsement.country,
	city: endorsement.city,
	website: endorsement.website,
	logoHash: endorsement.logoHash,
	support: endorsement.support,
	approvedAt: endorsement.approvedAt
};

type Row = Pick<Endorsement, keyof typeof publicColumns>;

function toPublic(row: Row): PublicEndorser {
	return {
		name: row.name,
		type: row.type,
		country: row.country,
		city: row.city,
		website: row.website,
		logo: row.logoHash ? logoPath(row.logoHash) : null,
		support: row.support,
		approvedAt: row.approvedAt?.getTime() ?? 0
	};
}

function encodeCursor(row: Row): string {
	return `${Buffer.from(row.nameKey).toString('base64url')}.${row.id}`;
}

function parseCursor(cursor: string | null | undefined): { key: string; id: number } | null {
	const match = cursor?.match(/^([A-Za-z0-9_-]{0,700})\.(\d{1,15})$/);
	return match ? { key: Buffer.from(match[1], 'base64url').toString(), id: Number(match[2]) } : null;
}

/** Approved organizations in alphabetical order, a page at a time (keyset on the folded name and id). */
export function listPublicEndorsers(db: Db, statementId: number, query: EndorserQuery = {}): EndorserPage {
	const limit = Math.min(Math.max(query.limit ?? 60, 1), 500);
	const cursor = parseCursor(query.after);
	const rows = db
		.select(publicColumns)
		.from(endorsement)
		.where(
			and(
				eq(endorsement.statementId, statementId),
				eq(endorsement.state, 'approved'),
				query.country ? eq(endorsement.country, query.country) : undefined,
				query.type ? eq(endorsement.type, query.type as OrganizationType) : undefined,
				cursor ? or(gt(endorsement.nameKey, cursor.key), and(eq(endorsement.nameKey, cursor.key), gt(endorsement.id, cursor.id))) : undefined
			)
		)
		.orderBy(asc(endorsement.nameKey), asc(endorsement.id))
		.limit(limit + 1)
		.all();
	const page = rows.slice(0, limit);
	return { endorsers: page.map(toPublic), next: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
}

/** The most recently approved organizations, for the wall on the statement page. */
export function listNewestEndorsers(db: Db, statementId: number, limit: number): PublicEndorser[] {
	return (
		db
			.select(publicColumns)
			.from(endorsement)
			.where(and(eq(endorsement.statementId, statementId), eq(endorsement.state, 'approved')))
			.orderBy(desc(endorsement.approvedAt), desc(endorsement.id))
			.limit(limit)
			.all()
	).map(toPublic);
}

/** An endorser as pages show it: the country named in the page's language, the website's host for the link text. */
export function toEndorserView(endorser: PublicEndorser, locale: Locale) {
	return {
		...endorser,
		countryName: getCountryName(endorser.country, locale),
		websiteHost: endorser.website ? new URL(endorser.website).hostname.replace(/^www\./, '') : null
	};
}

export type EndorserView = ReturnType<typeof toEndorserView>;
