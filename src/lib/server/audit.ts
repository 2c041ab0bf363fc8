import { and, desc, eq, gte, like, lt, or, sql } from 'drizzle-orm';
import type { Connection, Db } from './db';
import { auditEvent } from './db/schema';

export type AuditEntry = {
	actor: { id: number; email: string } | null;
	action: string;
	subjectType?: string;
	subjectId?: string | number;
	before?: unknown;
	after?: unknown;
	ipHmac?: string | null;
};

/** Record a staff action, inside the transaction of the change it describes. */
export function recordAudit(tx: Connection, entry: AuditEntry, now = new Date()): void {
	tx.insert(auditEvent)
		.values({
			actorId: entry.actor?.id ?? null,
			actorEmail: entry.actor?.email ?? null,
			action: entry.action,
			subjectType: entry.subjectType ?? null,
			subjectId: entry.subjectId === undefined ? null : String(entry.subjectId),
			before: entry.before ?? null,
			after: entry.after ?? null,
			ipHmac: entry.ipHmac ?? null,
			createdAt: now
		})
		.run();
}

/** What staff did to one row, newest first. */
export function getHistory(db: Db, subjectType: string, subjectId: string | number) {
	return db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.subjectType, subjectType), eq(auditEvent.subjectId, String(subjectId))))
		.orderBy(desc(auditEvent.id))
		.all();
}

/** One line of a recorded change, as the audit log shows it: the field, what it was, what it became. */
export type ChangeLine = { field: string; before: string | null; after: string | null };

const MAX_VALUE = 200;
const MAX_IDS = 10;

/** Words for a field's recorded value (a state, a role), or null to show the value as recorded. */
export type ValueText = (field: string, value: string) => string | null;

/** A recorded value as short plain text: lists joined, rules as name=value, long texts cut. */
function plain(value: unknown, field = '', valueText?: ValueText): string {
	if (value === null || value === undefined || value === '') return '—';
	if (Array.isArray(value)) {
		const items = field === 'ids' && value.length > MAX_IDS ? [...value.slice(0, MAX_IDS), `… (${value.length})`] : value;
		return items.map((item) => plain(item, field === 'ids' ? '' : field, valueText)).join(', ');
	}
	if (typeof value === 'object') {
		return Object.entries(value as Record<string, unknown>)
			.map(([key, inner]) => `${key}=${plain(inner)}`)
			.join(', ');
	}
	const text = (typeof value === 'string' && valueText?.(field, value)) || String(value);
	return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/**
 * What a recorded change says, field by field, for people rather than as JSON: each field of
 * `after` with its earlier value from `before` when that differs, then fields only `before` had.
 */
export function describeChange(before: unknown, after: unknown, valueText?: ValueText): ChangeLine[] {
	const record = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);
	const was = record(before);
	const now = record(after);
	if (!was && !now) {
		if (before == null && after == null) return [];
		return [{ field: '', before: before == null ? null : plain(before, '', valueText), after: after == null ? null : plain(after, '', valueText) }];
	}
	const lines: ChangeLine[] = [];
	for (const [field, value] of Object.entries(now ?? {})) {
		const earlier = was && field in was ? plain(was[field], field, valueText) : null;
		const later = plain(value, field, valueText);
		lines.push({ field, before: earlier === later ? null : earlier, after: later });
	}
	for (const [field, value] of Object.entries(was ?? {})) {
		if (!now || !(field in now)) lines.push({ field, before: plain(value, field, valueText), after: null });
	}
	return lines;
}

function escapeLike(value: string): string {
	return value.replace(/[%_\\]/g, (c) => `\\${c}`);
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
