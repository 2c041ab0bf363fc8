/**
 * A signature's states and the one door every change of state goes through. `transition` changes
 * the row, the statement's count and its country's tally together, in the caller's transaction;
 * nothing else in the code base writes a signature's state (tests/unit/one-door.test.ts).
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { atMost } from '../db/rows';
import { followCount, ledgerEvent, recordedInLedger, writeTransition } from '../db/transition';
import { signature, SIGNATURE_STATES, type Signature, type SignatureState } from '../db/schema';
import type { TemplateName } from '../mail/templates';
import { adjustSignatureCount } from '../statements/counters';

export { SIGNATURE_STATES, type SignatureState };

/** States in which a signature counts (and, when visible and named, is listed). */
export const COUNTED_STATES = ['confirmed'] as const satisfies readonly SignatureState[];
/** States a signer can still take back with their link. */
export const WITHDRAWABLE_STATES = ['pending', 'confirmed'] as const satisfies readonly SignatureState[];
/** States a moderator has decided, which a restore takes back. */
export const DECIDED_STATES = ['rejected', 'invalidated'] as const satisfies readonly SignatureState[];

export function isCounted(state: SignatureState): boolean {
	return (COUNTED_STATES as readonly SignatureState[]).includes(state);
}

export const SIGNATURE_EVENTS = ['sign', 'confirm', 'withdraw', 'expire', 'hide', 'unhide', 'reject', 'invalidate', 'restore', 'erase', 'anonymise'] as const;
export type SignatureEvent = (typeof SIGNATURE_EVENTS)[number];

/** No row yet (`sign` creates it), and no row any more (`expire` deletes it). */
export type Before = SignatureState | 'new';
export type After = SignatureState | 'gone';

type Rule = {
	from: readonly Before[];
	/** The state it leads to; `same`: unchanged; `as-before`: confirmed if it ever was, else pending. */
	to: SignatureState | 'same' | 'as-before' | 'gone';
	/** The email the person gets (the command that fires the event composes it). */
	mail: TemplateName | null;
	/** A moderator's decision: recorded in the audit log with before and after. */
	audited: boolean;
};

const ALL: readonly SignatureState[] = SIGNATURE_STATES;

/**
 * Every path a signature takes. Public: sign (again while pending or after withdrawing), confirm,
 * withdraw, expire (an unconfirmed one, deleted). Moderators: hide and unhide (listing only: a
 * hidden signature still counts), reject, invalidate, restore. Privacy: erase (the person asked; the
 * row stays as a withdrawn number) and anonymise (months after the statement closed; states and
 * counts stay).
 */
export const TRANSITIONS: Record<SignatureEvent, Rule> = {
	sign: { from: ['new', 'pending', 'withdrawn'], to: 'pending', mail: 'confirm', audited: false },
	confirm: { from: ['pending'], to: 'confirmed', mail: 'thanks', audited: false },
	withdraw: { from: WITHDRAWABLE_STATES, to: 'withdrawn', mail: 'withdrawn', audited: false },
	expire: { from: ['pending'], to: 'gone', mail: null, audited: false },
	hide: { from: WITHDRAWABLE_STATES, to: 'same', mail: null, audited: true },
	unhide: { from: WITHDRAWABLE_STATES, to: 'same', mail: null, audited: true },
	reject: { from: WITHDRAWABLE_STATES, to: 'rejected', mail: null, audited: true },
	invalidate: { from: WITHDRAWABLE_STATES, to: 'invalidated', mail: null, audited: true },
	restore: { from: DECIDED_STATES, to: 'as-before', mail: null, audited: true },
	erase: { from: ALL, to: 'withdrawn', mail: null, audited: false },
	anonymise: { from: ALL, to: 'same', mail: null, audited: false }
};

/** What `transition` needs of a row. */
export type SignatureRow = Pick<Signature, 'id' | 'state' | 'statementId' | 'country' | 'hidden' | 'confirmedAt'> & { receipt?: string | null };

/** The other columns an event writes (the new row's whole content for `sign` on no row). */
export type SignatureChange = Partial<typeof signature.$inferInsert>;

export type Transitioned = {
	id: number;
	event: SignatureEvent;
	from: Before;
	to: After;
	/** How the statement's count moved. */
	counted: -1 | 0 | 1;
	/** What was written besides the state, and what it was before (for the audit log). */
	change: SignatureChange;
	mail: TemplateName | null;
	audited: boolean;
};

/** Whether `event` may happen to a signature in this state (a row that is hidden cannot be hidden again). */
export function allows(row: Pick<SignatureRow, 'state' | 'hidden'> | null, event: SignatureEvent): boolean {
	if (!TRANSITIONS[event].from.includes(row?.state ?? 'new')) return false;
	if (event === 'hide' || event === 'unhide') return row!.hidden !== (event === 'hide');
	return true;
}

/**
 * Take `row` (null: none yet) through `event`, writing `change` with it: the row, the statement's
 * count, its country's tally and the ledger's leaf for each move change together, in the caller's
 * transaction. `reason`: a moderator's reason code, for the ledger. Null, with nothing written,
 * when the event does not apply to the row's state.
 */
export function transition(
	tx: Connection,
	row: SignatureRow | null,
	event: SignatureEvent,
	change: SignatureChange = {},
	now = new Date(),
	reason: string | null = null
): Transitioned | null {
	if (!allows(row, event)) return null;
	const rule = TRANSITIONS[event];
	const from: Before = row?.state ?? 'new';
	const to: After = rule.to === 'same' ? row!.state : rule.to === 'as-before' ? (row!.confirmedAt ? 'confirmed' : 'pending') : rule.to;
	const written: SignatureChange = { ...change, ...(event === 'hide' || event === 'unhide' ? { hidden: event === 'hide' } : {}) };
	const id = writeTransition(tx, signature, row, to, 'pending', written, now);
	const adjust = row ? recordedInLedger(signature, 'signature', row, ledgerEvent(event), reason, now, adjustSignatureCount) : adjustSignatureCount;
	const counted = followCount(tx, row, to, written.country, isCounted, adjust);
	return { id, event, from, to, counted, change: written, mail: rule.mail, audited: rule.audited };
}

/**
 * `expire` for many at once (a job working in batches): delete unconfirmed signatures whose link
 * expired before `now`, at most `limit` of them. Nothing counted changes (only pending ones go).
 */
export function expireAll(db: Db, now: Date, limit = Infinity): number {
	const expired = and(inArray(signature.state, TRANSITIONS.expire.from as SignatureState[]), lt(signature.confirmExpiresAt, now))!;
	return db
		.delete(signature)
		.where(atMost(db, signature, expired, limit))
		.run().changes;
}

/** What `transition` needs of a signature, by id (for commands that hold only its id); null if there is none. */
export function signatureRow(db: Connection, id: number): SignatureRow | null {
	const { id: _, state, statementId, country, hidden, confirmedAt } = signature;
	return db.select({ id: signature.id, state, statementId, country, hidden, confirmedAt }).from(signature).where(eq(signature.id, id)).get() ?? null;
}
