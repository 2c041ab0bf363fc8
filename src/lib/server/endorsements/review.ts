/** What moderators do to endorsements: approve, reject, remove, reopen, and correct what was typed. */
import { eq } from 'drizzle-orm';
import { foldForSearch } from '$lib/search';
import type { Locale } from '$lib/i18n/locales';
import type { DecisionReason } from '$lib/validation/choices';
import type { EndorsementInput } from '$lib/validation/endorsement';
import { recordAudit } from '../audit';
import type { Connection, Db } from '../db';
import { endorsement } from '../db/schema';
import { receiptCheckLink } from '../ledger/queries';
import { enqueueMail } from '../mail/outbox';
import { links, registrableDomain, slugOf } from './commands';
import { allows, transition, type EndorsementChange, type EndorsementEvent, type EndorsementState } from './states';

export const REVIEW_ACTIONS = ['approve', 'reject', 'remove', 'reopen'] as const satisfies readonly EndorsementEvent[];
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export function canReview(state: EndorsementState, action: ReviewAction): boolean {
	return allows({ state }, action);
}

export type ReviewContext = {
	actor: { id: number; email: string };
	origin: string;
	reason?: DecisionReason;
	note?: string;
	ipHmac?: string | null;
	now?: Date;
};

/**
 * Apply a moderator's decision: state, counters, the email to the contact and the audit entry in
 * one transaction. Rejecting and removing need a reason. False when the action does not apply.
 */
export function reviewEndorsement(db: Db, id: number, action: ReviewAction, ctx: ReviewContext): boolean {
	const now = ctx.now ?? new Date();
	if ((action === 'reject' || action === 'remove') && !ctx.reason) return false;
	return db.transaction(
		(tx) => {
			const row = tx.select().from(endorsement).where(eq(endorsement.id, id)).get();
			if (!row) return false;
			const decided = action === 'reopen' ? { decisionReason: null, decisionNote: null, decidedAt: null } : { decisionReason: ctx.reason ?? null, decisionNote: ctx.note || null, decidedAt: now };
			const done = transition(tx, row, action, { ...decided, approvedAt: action === 'approve' ? now : action === 'reopen' ? null : row.approvedAt }, now);
			if (!done) return false;
			recordAudit(
				tx,
				{
					actor: ctx.actor,
					action: `endorsement.${action}`,
					subjectType: 'endorsement',
					subjectId: id,
					before: { state: row.state },
					after: { state: done.to, reason: ctx.reason ?? null, note: ctx.note || null },
					ipHmac: ctx.ipHmac
				},
				now
			);
			if (done.mail) {
				enqueueMail(
					tx,
					{
						to: row.contactEmail,
						template: done.mail,
						locale: row.locale,
						payload: {
							name: row.contactName,
							organization: row.name,
							...(ctx.reason ? { reason: ctx.reason } : {}),
							...(ctx.note ? { note: ctx.note } : {}),
							...links(ctx.origin, row.locale, slugOf(tx, row.statementId), row.linkSalt),
							// Approved: the contact can check in the public ledger that the organization is counted.
							...approvalReceipt(tx, done.to, row, ctx.origin)
						}
					},
					now
				);
			}
			return true;
		},
		{ behavior: 'immediate' }
	);
}

export const EDITABLE_FIELDS = ['name', 'type', 'country', 'city', 'website', 'support'] as const;
export type EndorsementEdit = Pick<EndorsementInput, (typeof EDITABLE_FIELDS)[number]>;

/** A moderator corrects what the organization typed; the audit log keeps each field before and after. */
export function editEndorsement(db: Db, id: number, edit: EndorsementEdit, ctx: Pick<ReviewContext, 'actor' | 'ipHmac' | 'now'>): boolean {
	return db.transaction(
		(tx) => {
			const row = tx.select().from(endorsement).where(eq(endorsement.id, id)).get();
			if (!row) return false;
			const before: Record<string, unknown> = {};
			const after: Record<string, unknown> = {};
			for (const field of EDITABLE_FIELDS) {
				const next = edit[field] ?? null;
				if (row[field] !== next) {
					before[field] = row[field];
					after[field] = next;
				}
			}
			if (Object.keys(after).length === 0) return true;
			transition(
				tx,
				row,
				'edit',
				{
					...(after as EndorsementChange),
					...('name' in after ? { nameKey: foldForSearch(edit.name) } : {}),
					...('website' in after ? { websiteDomain: registrableDomain(edit.website) } : {})
				},
				ctx.now
			);
			recordAudit(tx, { actor: ctx.actor, action: 'endorsement.edit', subjectType: 'endorsement', subjectId: id, before, after, ipHmac: ctx.ipHmac }, ctx.now);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Approved: the contact can check in the public ledger that the organization is counted. Read
 * after the transition, which gives a receipt to a row made before receipts existed.
 */
function approvalReceipt(tx: Connection, to: string, row: { id: number; locale: Locale; statementId: number }, origin: string): { receipt?: string; ledgerLink?: string } {
	if (to !== 'approved') return {};
	const receipt = tx.select({ receipt: endorsement.receipt }).from(endorsement).where(eq(endorsement.id, row.id)).get()?.receipt;
	return receipt ? { receipt, ledgerLink: receiptCheckLink(origin, row.locale, slugOf(tx, row.statementId), receipt) } : {};
}
