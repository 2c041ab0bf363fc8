import { and, desc, eq, gte, inArray, like, lt, lte, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { canonicalizeEmail, toAsciiDomain } from '$lib/validation/email';
import { recordAudit } from './audit';
import { adjustSignatureCount } from './counters';
import type { Db } from './db';
import { preparedQuery } from './db/prepared';
import { auditEvent, signature, SIGNATURE_STATES, type Signature, type SignatureFlag, type SignatureState } from './db/schema';
import { nameMatchQuery } from './name-search';
import type { StaffActor } from './staff';

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

export const MODERATION_ACTIONS = ['hide', 'unhide', 'reject', 'invalidate', 'restore'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** From which states each action may be taken, and to which state it leads (null: state unchanged). */
const TRANSITIONS: Record<ModerationAction, { from: readonly SignatureState[]; to: SignatureState | null }> = {
	hide: { from: ['pending', 'confirmed'], to: null },
	unhide: { from: ['pending', 'confirmed'], to: null },
	reject: { from: ['pending', 'confirmed'], to: 'rejected' },
	invalidate: { from: ['pending', 'confirmed'], to: 'invalidated' },
	restore: { from: ['rejected', 'invalidated'], to: null }
};

function escapeLike(value: string): string {
	return value.replace(/[%_\\]/g, (c) => `\\${c}`);
}

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

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Apply one action to one row inside a transaction; counters follow the state. Null if not allowed. */
function applyAction(tx: Tx, row: Signature, action: ModerationAction): Partial<Signature> | null {
	const rule = TRANSITIONS[action];
	if (!rule.from.includes(row.state)) return null;
	let change: Partial<Signature>;
	if (action === 'hide' || action === 'unhide') {
		if (row.hidden === (action === 'hide')) return null;
		change = { hidden: action === 'hide' };
	} else if (action === 'restore') {
		change = { state: row.confirmedAt ? 'confirmed' : 'pending' };
	} else {
		change = { state: rule.to! };
	}
	tx.update(signature).set(change).where(eq(signature.id, row.id)).run();
	const wasCounted = row.state === 'confirmed';
	const isCounted = (change.state ?? row.state) === 'confirmed';
	if (wasCounted !== isCounted) adjustSignatureCount(tx, row.statementId, row.country, isCounted ? 1 : -1);
	return change;
}

export type ModerationContext = { actor: StaffActor; reason?: string; ipHmac?: string | null };

/** A moderator's decision on one signature, recorded with before and after. */
export function moderateSignature(db: Db, id: number, action: ModerationAction, ctx: ModerationContext): boolean {
	return db.transaction(
		(tx) => {
			const row = tx.select().from(signature).where(eq(signature.id, id)).get();
			if (!row) return false;
			const change = applyAction(tx, row, action);
			if (!change) return false;
			const before = Object.fromEntries(Object.keys(change).map((k) => [k, row[k as keyof Signature]]));
			recordAudit(tx, { actor: ctx.actor, action: `signature.${action}`, subjectType: 'signature', subjectId: id, before, after: { ...change, reason: ctx.reason ?? null }, ipHmac: ctx.ipHmac });
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** Signatures one transaction of a bulk action changes; between two, other requests are answered. */
export const BULK_BATCH = 500;

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The id of the audit entry just written in this transaction. */
function lastAuditId(tx: Parameters<Parameters<Db['transaction']>[0]>[0]): number {
	return tx.select({ id: sql<number>`max(${auditEvent.id})` }).from(auditEvent).get()!.id;
}

/**
 * One action on every signature a filter matches, a batch at a time (newest first), so that a
 * spam wave of tens of thousands never stops the site. It stays one action: its audit entry is
 * written first and completed with every batch (the rule, the count and the rows it touched), so
 * that the log holds whatever was done even if the server stops halfway, and the whole can be undone.
 */
export async function applyBulkAction(
	db: Db,
	filter: SignatureFilter,
	action: ModerationAction,
	ctx: ModerationContext,
	batch = BULK_BATCH
): Promise<{ count: number; auditId: number }> {
	const entry = (count: number, ids: number[]) => ({ rule: ruleForAudit(filter), action, count, ids, reason: ctx.reason ?? null });
	const auditId = db.transaction(
		(tx) => {
			recordAudit(tx, { actor: ctx.actor, action: `bulk.${action}`, subjectType: 'bulk', after: entry(0, []), ipHmac: ctx.ipHmac });
			return lastAuditId(tx);
		},
		{ behavior: 'immediate' }
	);
	const { where, values } = compileFilter(filter);
	const touched: number[] = [];
	let before = Number.MAX_SAFE_INTEGER;
	for (;;) {
		const read = db.transaction(
			(tx) => {
				const rows = tx
					.select()
					.from(signature)
					.where(and(where, lt(signature.id, sql.placeholder('before'))))
					.orderBy(desc(signature.id))
					.limit(batch)
					.prepare()
					.all({ ...values, before });
				for (const row of rows) if (applyAction(tx, row, action)) touched.push(row.id);
				if (rows.length > 0) {
					before = rows[rows.length - 1].id;
					tx.update(auditEvent).set({ after: entry(touched.length, touched) }).where(eq(auditEvent.id, auditId)).run();
				}
				return rows.length;
			},
			{ behavior: 'immediate' }
		);
		if (read < batch) break;
		await nextTurn();
	}
	return { count: touched.length, auditId };
}

/**
 * A bulk action's rule as the audit log keeps it: a search for one person's address is kept by its
 * domain only (the log is read by every moderator and kept for good; the rows it touched are listed).
 */
export function ruleForAudit(filter: SignatureFilter): SignatureFilter {
	const q = filter.q?.trim();
	if (!q || q.startsWith('@') || !q.includes('@')) return filter;
	return { ...filter, q: `…${q.slice(q.lastIndexOf('@')).toLowerCase()}` };
}

const UNDO: Partial<Record<ModerationAction, ModerationAction>> = { hide: 'unhide', unhide: 'hide', reject: 'restore', invalidate: 'restore' };

/** Undo a bulk action from its audit record: the same rows, the opposite action, a batch at a time. */
export async function revertBulkAction(db: Db, auditId: number, ctx: ModerationContext, batch = BULK_BATCH): Promise<number | null> {
	const started = db.transaction(
		(tx) => {
			const event = tx.select().from(auditEvent).where(eq(auditEvent.id, auditId)).get();
			const after = event?.after as { action?: ModerationAction; ids?: number[] } | null;
			if (!event || event.subjectType !== 'bulk' || !after?.ids || !after.action) return null;
			const undo = UNDO[after.action];
			if (!undo) return null;
			const already = tx.select({ id: auditEvent.id }).from(auditEvent).where(and(eq(auditEvent.action, `bulk.revert`), eq(auditEvent.subjectId, String(auditId)))).get();
			if (already) return null;
			// Written first, so that a second undo is refused while this one goes on.
			recordAudit(tx, { actor: ctx.actor, action: 'bulk.revert', subjectType: 'bulk', subjectId: auditId, after: { undo, count: 0 }, ipHmac: ctx.ipHmac });
			return { undo, ids: after.ids, revertId: lastAuditId(tx) };
		},
		{ behavior: 'immediate' }
	);
	if (!started) return null;
	let count = 0;
	for (const chunk of chunks(started.ids, batch)) {
		db.transaction(
			(tx) => {
				for (const row of tx.select().from(signature).where(inArray(signature.id, chunk)).all()) {
					if (applyAction(tx, row, started.undo)) count++;
				}
				tx.update(auditEvent).set({ after: { undo: started.undo, count } }).where(eq(auditEvent.id, started.revertId)).run();
			},
			{ behavior: 'immediate' }
		);
		await nextTurn();
	}
	return count;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Entries a filtered page of the audit log reads at most: its text filters cannot use an index. */
const AUDIT_SEARCH_WINDOW = 5000;

export function listAuditEvents(db: Db, filter: { action?: string; actor?: string; subject?: string }, before?: number | null, limit = 100) {
	const filtered = !!(filter.action || filter.actor || filter.subject);
	const top = before ?? (db.select({ id: sql<number>`max(${auditEvent.id})` }).from(auditEvent).get()?.id ?? 0) + 1;
	// A filter that matches little would otherwise read the whole log for one page: it reads one
	// window of entries, and the page's "older" link goes on below it.
	const floor = filtered ? Math.max(top - AUDIT_SEARCH_WINDOW, 0) : 0;
	const rows = db
		.select()
		.from(auditEvent)
		.where(
			and(
				filter.action ? like(auditEvent.action, sql`${`${escapeLike(filter.action)}%`} ESCAPE '\\'`) : undefined,
				filter.actor ? like(auditEvent.actorEmail, sql`${`%${escapeLike(filter.actor.toLowerCase())}%`} ESCAPE '\\'`) : undefined,
				filter.subject ? or(eq(auditEvent.subjectId, filter.subject), eq(auditEvent.subjectType, filter.subject)) : undefined,
				lt(auditEvent.id, top),
				floor > 0 ? gte(auditEvent.id, floor) : undefined
			)
		)
		.orderBy(desc(auditEvent.id))
		.limit(limit + 1)
		.all();
	const next = rows.length > limit ? rows[limit - 1].id : floor > 1 ? floor : null;
	return { rows: rows.slice(0, limit), next };
}
