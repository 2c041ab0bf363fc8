/** What the code reads about signatures: by a link's token, the moderators' list and one signature with its history. */
import { and, desc, eq, gte, lt, lte, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { canonicalizeEmail, toAsciiDomain } from '$lib/validation/email';
import type { Db } from '../db';
import { preparedQuery } from '../db/prepared';
import { auditEvent, signature, SIGNATURE_STATES, type Signature, type SignatureFlag, type SignatureState } from '../db/schema';
import { hashToken, isWellFormedToken } from '../tokens';
import { nameMatchQuery } from './name-search';

/** The pending signature a confirmation link belongs to, or null. Reading changes nothing. */
export function getSignatureByConfirmToken(db: Db, token: string): Signature | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(signature).where(eq(signature.confirmTokenHash, hashToken(token))).get() ?? null;
}

export function getSignatureByWithdrawToken(db: Db, token: string): Signature | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(signature).where(eq(signature.withdrawTokenHash, hashToken(token))).get() ?? null;
}

export function getSignatureByUnsubscribeToken(db: Db, token: string): Signature | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(signature).where(eq(signature.unsubscribeTokenHash, hashToken(token))).get() ?? null;
}

export type SignatureFilter = {
	/** A name, an email address, or @domain. */
	q?: string;
	country?: string;
	state?: SignatureState;
	flagged?: boolean;
	hidden?: boolean;
	/** Signed on or after / before these days (YYYY-MM-DD, UTC). */
	from?: string;
	to?: string;
	ipHmac?: string;
};

function isDay(value: string | undefined): value is string {
	return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** A filter as a WHERE clause over named placeholders, their values, and a name for its shape. */
type CompiledFilter = { where: SQL | undefined; values: Record<string, string | number>; shape: string };

/**
 * The WHERE clause of a filter: also the rule a bulk action keeps. Values stay placeholders, so
 * that every search of one shape (say "@domain and a country") runs one prepared query.
 */
export function compileFilter(filter: SignatureFilter): CompiledFilter {
	const parts: SQL[] = [];
	const values: Record<string, string | number> = {};
	const shape: string[] = [];
	const match = (name: string, value: string | number, condition: (p: Placeholder) => SQL) => {
		parts.push(condition(sql.placeholder(name)));
		values[name] = value;
		shape.push(name);
	};
	const q = filter.q?.trim();
	if (q?.startsWith('@')) {
		const domain = q.slice(1).toLowerCase();
		match('domain', toAsciiDomain(domain) ?? domain, (p) => eq(signature.emailDomain, p));
	} else if (q?.includes('@')) {
		const canonical = canonicalizeEmail(q);
		if (canonical) {
			match('email', canonical, (p) => eq(signature.emailCanonical, p));
		} else {
			// Not an address anyone could have signed with: nothing matches.
			parts.push(sql`0`);
			shape.push('nothing');
		}
	} else if (q) {
		// Through the name index: a LIKE '%…%' would read every signature of every statement.
		const names = nameMatchQuery(q);
		if (names) match('name', names, (p) => sql`${signature.id} IN (SELECT rowid FROM signature_name_search WHERE signature_name_search MATCH ${p})`);
	}
	if (filter.country) match('country', filter.country, (p) => eq(signature.country, p));
	if (filter.state && (SIGNATURE_STATES as readonly string[]).includes(filter.state)) match('state', filter.state, (p) => eq(signature.state, p));
	if (filter.flagged !== undefined) match('flagged', filter.flagged ? 1 : 0, (p) => eq(signature.flagged, p));
	if (filter.hidden !== undefined) match('hidden', filter.hidden ? 1 : 0, (p) => eq(signature.hidden, p));
	if (isDay(filter.from)) match('from', Date.parse(`${filter.from}T00:00:00Z`), (p) => gte(signature.createdAt, p));
	if (isDay(filter.to)) match('to', Date.parse(`${filter.to}T23:59:59.999Z`), (p) => lte(signature.createdAt, p));
	if (filter.ipHmac) match('ip', filter.ipHmac, (p) => eq(signature.ipHmac, p));
	return { where: and(...parts), values, shape: shape.join(',') };
}

/** A page of the moderators' list: the columns it shows, newest first, keyset on id. */
export function searchSignatures(db: Db, filter: SignatureFilter, after?: number | null, limit = 50) {
	const { where, values, shape } = compileFilter(filter);
	const query = preparedQuery(db, `signatures.search:${shape}:${after ? 'after' : 'first'}`, () =>
		db
			.select({
				id: signature.id,
				name: signature.name,
				email: signature.email,
				country: signature.country,
				state: signature.state,
				flags: signature.flags,
				hidden: signature.hidden,
				// As the list shows it (UTC, to the minute), made by SQLite rather than a Date per row.
				signedAt: sql<string>`strftime('%Y-%m-%d %H:%M', ${signature.createdAt} / 1000, 'unixepoch')`
			})
			.from(signature)
			.where(and(where, after ? lt(signature.id, sql.placeholder('after')) : undefined))
			.orderBy(desc(signature.id))
			.limit(sql.placeholder('limit'))
			.prepare()
	);
	// The rows as SQLite returns them, decoded here: Drizzle's generic row mapping (iterators per
	// cell) took half of a search's time and made a ninth of the admin page's garbage.
	const raw = query.values({ ...values, after: after ?? 0, limit: limit + 1 }) as [number, string, string, string, SignatureState, string, number, string][];
	const rows = raw.slice(0, limit).map(([id, name, email, country, state, flags, hidden, signedAt]) => ({
		id,
		name,
		email,
		country,
		state,
		flags: flags === '[]' ? [] : (JSON.parse(flags) as SignatureFlag[]),
		hidden: hidden === 1,
		signedAt
	}));
	return { rows, next: raw.length > limit ? rows[limit - 1].id : null };
}

export function countSignatures(db: Db, filter: SignatureFilter): number {
	const { where, values, shape } = compileFilter(filter);
	const query = preparedQuery(db, `signatures.count:${shape}`, () =>
		db.select({ n: sql<number>`count(*)` }).from(signature).where(where).prepare()
	);
	return query.get(values)!.n;
}

export function getSignatureWithHistory(db: Db, id: number) {
	const row = db.select().from(signature).where(eq(signature.id, id)).get();
	if (!row) return null;
	const history = db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.subjectType, 'signature'), eq(auditEvent.subjectId, String(id))))
		.orderBy(desc(auditEvent.id))
		.all();
	return { signature: row, history };
}

