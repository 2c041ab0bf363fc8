/**
 * An endorsement's states and the one door every change of state goes through. `transition`
 * changes the row, the statement's organization count and its country's tally together, in the
 * caller's transaction; nothing else in the code base writes an endorsement's state
 * (tests/unit/one-door.test.ts).
 */
import { and, inArray, lt } from 'drizzle-orm';
import type { Connection, Db } from '../db';
import { atMost } from '../db/rows';
import { followCount, ledgerEvent, recordedInLedger, writeTransition } from '../db/transition';
import { endorsement, ENDORSEMENT_STATES, type Endorsement, type EndorsementState } from '../db/schema';
import type { TemplateName } from '../mail/templates';
import { adjustOrganizationCount } from '../statements/counters';

export { ENDORSEMENT_STATES, type EndorsementState };

/** Counted and shown publicly. */
export const PUBLIC_ENDORSEMENT_STATES = ['approved'] as const satisfies readonly EndorsementState[];
/** Waiting for a moderator. */
export const REVIEW_STATES = ['pending_review'] as const satisfies readonly EndorsementState[];
/** Waiting for the contact to confirm their address. */
export const UNVERIFIED_STATES = ['pending_email'] as const satisfies readonly EndorsementState[];

export function isCounted(state: EndorsementState): boolean {
	return (PUBLIC_ENDORSEMENT_STATES as readonly EndorsementState[]).includes(state);
}

export const ENDORSEMENT_EVENTS = ['endorse', 'verify', 'withdraw', 'expire', 'approve', 'reject', 'remove', 'reopen', 'edit', 'erase', 'anonymise'] as const;
export type EndorsementEvent = (typeof ENDORSEMENT_EVENTS)[number];

/** No row yet (`endorse` creates it), and no row any more (`expire` deletes it). */
export type Before = EndorsementState | 'new';
export type After = EndorsementState | 'gone';

type Rule = {
	from: readonly Before[];
	/** The state it leads to; `same`: unchanged. */
	to: EndorsementState | 'same' | 'gone';
	/** The email the contact gets (the command that fires the event composes it). */
	mail: TemplateName | null;
	/** A moderator's decision: recorded in the audit log with before and after. */
	audited: boolean;
};

const ALL: readonly EndorsementState[] = ENDORSEMENT_STATES;
const NOT_WITHDRAWN = ENDORSEMENT_STATES.filter((state) => state !== 'withdrawn');

/**
 * Every path an endorsement takes. The contact: endorse (again while unconfirmed, to correct it, or
 * after a withdrawal or a rejection), verify the address, withdraw (from any state but withdrawn),
 * expire (an unconfirmed one, deleted). Moderators: approve or reject what waits, remove what was
 * approved, reopen any decision, edit what the organization typed (its country moves the tally).
 * Privacy: erase (the contact asked: withdrawn, contact forgotten) and anonymise (months after the
 * statement closed; the organization stays as it chose to be shown).
 */
export const TRANSITIONS: Record<EndorsementEvent, Rule> = {
	endorse: { from: ['new', 'pending_email', 'withdrawn', 'rejected'], to: 'pending_email', mail: 'endorse_confirm', audited: false },
	verify: { from: UNVERIFIED_STATES, to: 'pending_review', mail: 'endorse_received', audited: false },
	withdraw: { from: NOT_WITHDRAWN, to: 'withdrawn', mail: 'endorse_withdrawn', audited: false },
	expire: { from: UNVERIFIED_STATES, to: 'gone', mail: null, audited: false },
	approve: { from: REVIEW_STATES, to: 'approved', mail: 'endorse_approved', audited: true },
	reject: { from: REVIEW_STATES, to: 'rejected', mail: 'endorse_rejected', audited: true },
	remove: { from: PUBLIC_ENDORSEMENT_STATES, to: 'removed', mail: 'endorse_removed', audited: true },
	// Every decision can be taken back (except the contact's own withdrawal).
	reopen: { from: ['rejected', 'removed'], to: 'pending_review', mail: null, audited: true },
	edit: { from: ALL, to: 'same', mail: null, audited: true },
	erase: { from: ALL, to: 'withdrawn', mail: null, audited: false },
	anonymise: { from: ALL, to: 'same', mail: null, audited: false }
};

/** What `transition` needs of a row. */
export type EndorsementRow = Pick<Endorsement, 'id' | 'state' | 'statementId' | 'country'> & { receipt?: string | null };

/** The other columns an event writes (the new row's whole content for `endorse` on no row). */
export type EndorsementChange = Partial<typeof endorsement.$inferInsert>;

export type Transitioned = {
	id: number;
	event: EndorsementEvent;
	from: Before;
	to: After;
	/** How the statement's organization count moved. */
	counted: -1 | 0 | 1;
	change: EndorsementChange;
	mail: TemplateName | null;
	audited: boolean;
};

export function allows(row: Pick<EndorsementRow, 'state'> | null, event: EndorsementEvent): boolean {
	return TRANSITIONS[event].from.includes(row?.state ?? 'new');
}

/**
 * Take `row` (null: none yet) through `event`, writing `change` with it: the row, the statement's
 * organization count and its country's tally change together, in the caller's transaction. Null,
 * with nothing written, when the event does not apply to the row's state.
 */
export function transition(tx: Connection, row: EndorsementRow | null, event: EndorsementEvent, change: EndorsementChange = {}, now = new Date()): Transitioned | null {
	if (!allows(row, event)) return null;
	const rule = TRANSITIONS[event];
	const from: Before = row?.state ?? 'new';
	const to: After = rule.to === 'same' ? row!.state : rule.to;
	const id = writeTransition(tx, endorsement, row, to, 'pending_email', change, now);
	// A moderator's rejection or removal names its reason code; the ledger shows it.
	const adjust = row ? recordedInLedger(endorsement, 'organization', row, ledgerEvent(event), change.decisionReason ?? null, now, adjustOrganizationCount) : adjustOrganizationCount;
	const counted = followCount(tx, row, to, change.country, isCounted, adjust);
	return { id, event, from, to, counted, change, mail: rule.mail, audited: rule.audited };
}

/** `expire` for many at once: delete endorsements whose confirmation link expired before `now`, unconfirmed. */
export function expireAll(db: Db, now: Date, limit = Infinity): number {
	const expired = and(inArray(endorsement.state, TRANSITIONS.expire.from as EndorsementState[]), lt(endorsement.confirmExpiresAt, now))!;
	return db
		.delete(endorsement)
		.where(atMost(db, endorsement, expired, limit))
		.run().changes;
}
