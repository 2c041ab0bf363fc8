/** What moderators do to signatures: one at a time, or every one a filter matches (and undo that). */
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db, Tx } from '../db';
import { auditEvent, signature, type Signature } from '../db/schema';
import type { StaffActor } from '../staff/accounts';
import { compileFilter, type SignatureFilter } from './queries';
import { transition, type SignatureEvent, type SignatureRow } from './states';
import type { SignatureReason } from '$lib/validation/choices';

export const MODERATION_ACTIONS = ['hide', 'unhide', 'reject', 'invalidate', 'restore'] as const satisfies readonly SignatureEvent[];
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/**
 * One action on one row, through the signatures' door: what changed (state or visibility), or null
 * if the action does not apply. A rejection or invalidation carries its reason code into the ledger.
 */
function applyAction(tx: Tx, row: SignatureRow, action: ModerationAction, reasonCode?: SignatureReason): { state: Signature['state'] } | { hidden: boolean } | null {
	const coded = action === 'reject' || action === 'invalidate' ? (reasonCode ?? null) : null;
	const done = transition(tx, row, action, {}, new Date(), coded);
	if (!done) return null;
	return done.to !== done.from ? { state: done.to as Signature['state'] } : { hidden: done.change.hidden! };
}

export type ModerationContext = { actor: StaffActor; reason?: string; reasonCode?: SignatureReason; ipHmac?: string | null };

/** A moderator's decision on one signature, recorded with before and after. */
export function moderateSignature(db: Db, id: number, action: ModerationAction, ctx: ModerationContext): boolean {
	return db.transaction(
		(tx) => {
			const row = tx.select().from(signature).where(eq(signature.id, id)).get();
			if (!row) return false;
			const change = applyAction(tx, row, action, ctx.reasonCode);
			if (!change) return false;
			const before = 'state' in change ? { state: row.state } : { hidden: row.hidden };
			recordAudit(tx, { actor: ctx.actor, action: `signature.${action}`, subjectType: 'signature', subjectId: id, before, after: { ...change, reason: ctx.reason ?? null, ...(ctx.reasonCode ? { reasonCode: ctx.reasonCode } : {}) }, ipHmac: ctx.ipHmac });
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** Signatures one transaction of a bulk action changes; between two, other requests are answered. */
export const BULK_BATCH = 500;

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The id of the audit entry just written in this transaction. */
function lastAuditId(tx: Tx): number {
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
	const entry = (count: number, ids: number[]) => ({ rule: ruleForAudit(filter), action, count, ids, reason: ctx.reason ?? null, ...(ctx.reasonCode ? { reasonCode: ctx.reasonCode } : {}) });
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
				for (const row of rows) if (applyAction(tx, row, action, ctx.reasonCode)) touched.push(row.id);
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

