import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './db';
import { auditEvent } from './db/schema';

type Tx = Pick<Db, 'insert'>;

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
export function recordAudit(tx: Tx, entry: AuditEntry, now = new Date()): void {
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
