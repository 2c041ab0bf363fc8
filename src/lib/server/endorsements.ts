import { and, eq, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import { getDomain } from 'tldts';
import { ENDORSEMENT_CONSENT_VERSION } from '$lib/consent';
import type { Locale } from '$lib/i18n/locales';
import { foldForSearch } from '$lib/search';
import type { DecisionReason } from '$lib/validation/choices';
import { canonicalizeEmail } from '$lib/validation/email';
import type { EndorsementInput } from '$lib/validation/endorsement';
import { recordAudit } from './audit';
import { adjustOrganizationCount } from './counters';
import type { Db } from './db';
import { endorsement, statement, type Endorsement, type EndorsementState, type SignatureFlag } from './db/schema';
import { gateAnonymousMail, mayMailRecipient } from './abuse/limits';
import { enqueueMail } from './mail/outbox';
import { IP_HMAC_RETENTION_MS } from './signatures';
import { deriveLinkToken, generateSalt, generateToken, hashToken, isWellFormedToken } from './tokens';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const ENDORSEMENT_CONFIRMATION_TTL_MS = 72 * 60 * 60 * 1000;
const MAX_CONFIRMATION_EMAILS = 3;

/** Counted and shown publicly. */
export const PUBLIC_ENDORSEMENT_STATES = ['approved'] as const satisfies readonly EndorsementState[];
/** Waiting for a moderator. */
export const REVIEW_STATES = ['pending_review'] as const satisfies readonly EndorsementState[];

export type EndorseContext = {
	statementId: number;
	versionHash: string;
	locale: Locale;
	origin: string;
	logoHash: string | null;
	flags?: SignatureFlag[];
	ipHmac?: string | null;
	now?: Date;
};

export type EndorseOutcome = 'created' | 'resent' | 'renewed' | 'unchanged';

function links(origin: string, locale: Locale, slug: string, linkSalt: string) {
	return {
		withdrawLink: `${origin}/${locale}/endorsement/withdraw/${deriveLinkToken('endorsement-withdraw', linkSalt)}`,
		statementLink: `${origin}/${locale}/statements/${slug}`
	};
}

function slugOf(tx: Pick<Db, 'select'>, statementId: number): string {
	return tx.select({ slug: statement.slug }).from(statement).where(eq(statement.id, statementId)).get()!.slug;
}

/** example.org for https://www.example.org/about; null without a website. */
export function registrableDomain(hostOrUrl: string | null | undefined): string | null {
	return hostOrUrl ? getDomain(hostOrUrl) : null;
}

/**
 * Record an organization's endorsement (waiting for its contact to confirm the email) and queue the
 * confirmation email, in one transaction. As with signatures, a second submission never reveals
 * that there was a first.
 */
export function createEndorsement(db: Db, input: EndorsementInput, ctx: EndorseContext): EndorseOutcome {
	const now = ctx.now ?? new Date();
	const emailCanonical = canonicalizeEmail(input.contactEmail);
	if (!emailCanonical) throw new Error('createEndorsement: the email was not validated');
	const nameKey = foldForSearch(input.name);

	return db.transaction(
		(tx) => {
			const sameName = tx
				.select()
				.from(endorsement)
				.where(and(eq(endorsement.statementId, ctx.statementId), eq(endorsement.contactEmailCanonical, emailCanonical), eq(endorsement.nameKey, nameKey)))
				.get();
			// One contact address has at most one endorsement waiting per statement: a new name
			// replaces the one still waiting for its email (a typo corrected), never adds another.
			const otherPending = tx
				.select()
				.from(endorsement)
				.where(
					and(
						eq(endorsement.statementId, ctx.statementId),
						eq(endorsement.contactEmailCanonical, emailCanonical),
						ne(endorsement.nameKey, nameKey),
						inArray(endorsement.state, ['pending_email', 'pending_review'])
					)
				)
				.get();
			const existing = sameName ?? otherPending;
			// Already waiting for review, published, or taken off by a moderator: nothing to do.
			const unchanged =
				(otherPending && (otherPending.state === 'pending_review' || sameName)) ||
				(existing && !['pending_email', 'withdrawn', 'rejected'].includes(existing.state)) ||
				(existing?.state === 'pending_email' && existing.confirmEmailsSent >= MAX_CONFIRMATION_EMAILS);
			if (unchanged) {
				// Nothing to do, but the write that every other answer makes: the time it takes tells nothing.
				mayMailRecipient(tx, emailCanonical, [], now.getTime(), false);
				return 'unchanged';
			}

			const confirmToken = generateToken();
			const linkSalt = existing?.state === 'pending_email' ? existing.linkSalt : generateSalt();
			const details = {
				name: input.name,
				nameKey,
				type: input.type,
				country: input.country,
				city: input.city ?? null,
				website: input.website ?? null,
				websiteDomain: registrableDomain(input.website),
				logoHash: ctx.logoHash,
				support: input.support ?? null,
				contactName: input.contactName,
				contactRole: input.contactRole,
				contactEmail: input.contactEmail,
				contactEmailDomain: emailCanonical.slice(emailCanonical.lastIndexOf('@') + 1),
				locale: ctx.locale,
				versionHash: ctx.versionHash,
				consentVersion: ENDORSEMENT_CONSENT_VERSION,
				consentedAt: now,
				confirmTokenHash: hashToken(confirmToken),
				confirmExpiresAt: new Date(now.getTime() + ENDORSEMENT_CONFIRMATION_TTL_MS),
				linkSalt,
				withdrawTokenHash: hashToken(deriveLinkToken('endorsement-withdraw', linkSalt)),
				ipHmac: ctx.ipHmac ?? null
			};
			const flags = [...new Set([...(existing?.flags ?? []), ...(ctx.flags ?? [])])];
			// Anyone can type any address: past its daily cap, the address gets no more mail.
			const mail = gateAnonymousMail(tx, emailCanonical, ctx.flags ?? [], now.getTime());
			if (!mail.send && !flags.includes('mail_capped')) flags.push('mail_capped');

			let outcome: EndorseOutcome;
			if (!existing) {
				tx.insert(endorsement)
					.values({ ...details, statementId: ctx.statementId, contactEmailCanonical: emailCanonical, flags, confirmEmailsSent: 1, createdAt: now })
					.run();
				outcome = 'created';
			} else {
				const renewed = existing.state !== 'pending_email';
				tx.update(endorsement)
					.set({
						...details,
						state: 'pending_email',
						flags,
						confirmEmailsSent: renewed ? 1 : existing.confirmEmailsSent + 1,
						decisionReason: null,
						decisionNote: null,
						verifiedAt: null,
						approvedAt: null,
						decidedAt: null,
						withdrawnAt: null,
						createdAt: renewed ? now : existing.createdAt
					})
					.where(eq(endorsement.id, existing.id))
					.run();
				outcome = renewed ? 'renewed' : 'resent';
			}

			if (!mail.send) return outcome;
			enqueueMail(
				db,
				{
					to: input.contactEmail,
					template: 'endorse_confirm',
					locale: ctx.locale,
					payload: {
						name: input.contactName,
						organization: input.name,
						confirmLink: `${ctx.origin}/${ctx.locale}/endorsement/confirm/${confirmToken}`,
						...links(ctx.origin, ctx.locale, slugOf(tx, ctx.statementId), linkSalt)
					}
				},
				now,
				mail.notBefore
			);
			return outcome;
		},
		{ behavior: 'immediate' }
	);
}

export function getEndorsementByConfirmToken(db: Db, token: string): Endorsement | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(endorsement).where(eq(endorsement.confirmTokenHash, hashToken(token))).get() ?? null;
}

export function getEndorsementByWithdrawToken(db: Db, token: string): Endorsement | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(endorsement).where(eq(endorsement.withdrawTokenHash, hashToken(token))).get() ?? null;
}

export type VerifyOutcome = { status: 'verified'; statementId: number } | { status: 'invalid' | 'expired' };

/** The contact confirmed their address: the endorsement goes to the moderators' queue. */
export function verifyEndorsement(db: Db, token: string, origin: string, now = new Date()): VerifyOutcome {
	if (!isWellFormedToken(token)) return { status: 'invalid' };
	return db.transaction(
		(tx) => {
			const row = tx.select().from(endorsement).where(eq(endorsement.confirmTokenHash, hashToken(token))).get();
			if (!row || row.state !== 'pending_email') return { status: 'invalid' } as const;
			if (row.confirmExpiresAt && row.confirmExpiresAt.getTime() < now.getTime()) return { status: 'expired' } as const;
			tx.update(endorsement)
				.set({ state: 'pending_review', verifiedAt: now, confirmTokenHash: null, confirmExpiresAt: null })
				.where(eq(endorsement.id, row.id))
				.run();
			enqueueMail(
				db,
				{
					to: row.contactEmail,
					template: 'endorse_received',
					locale: row.locale,
					payload: { name: row.contactName, organization: row.name, ...links(origin, row.locale, slugOf(tx, row.statementId), row.linkSalt) }
				},
				now
			);
			return { status: 'verified', statementId: row.statementId } as const;
		},
		{ behavior: 'immediate' }
	);
}

export type EndorsementWithdrawOutcome = { status: 'withdrawn'; statementId: number } | { status: 'invalid' };

/** The contact takes the endorsement back: off the public list and the count at once. */
export function withdrawEndorsement(db: Db, token: string, now = new Date()): EndorsementWithdrawOutcome {
	if (!isWellFormedToken(token)) return { status: 'invalid' };
	return db.transaction(
		(tx) => {
			const row = tx.select().from(endorsement).where(eq(endorsement.withdrawTokenHash, hashToken(token))).get();
			if (!row || row.state === 'withdrawn') return { status: 'invalid' } as const;
			tx.update(endorsement)
				.set({ state: 'withdrawn', withdrawnAt: now, confirmTokenHash: null, confirmExpiresAt: null, withdrawTokenHash: null })
				.where(eq(endorsement.id, row.id))
				.run();
			if (row.state === 'approved') adjustOrganizationCount(tx, row.statementId, row.country, -1);
			enqueueMail(
				db,
				{ to: row.contactEmail, template: 'endorse_withdrawn', locale: row.locale, payload: { name: row.contactName, organization: row.name } },
				now
			);
			return { status: 'withdrawn', statementId: row.statementId } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Delete endorsements whose confirmation link expired unused. Returns how many went. */
export function purgeExpiredEndorsements(db: Db, now = new Date()): number {
	return db
		.delete(endorsement)
		.where(and(eq(endorsement.state, 'pending_email'), lt(endorsement.confirmExpiresAt, now)))
		.run().changes;
}

// ---- What moderators do -------------------------------------------------------------------------

export const REVIEW_ACTIONS = ['approve', 'reject', 'remove', 'reopen'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** From which states each action may be taken, and where it leads. */
const TRANSITIONS: Record<ReviewAction, { from: readonly EndorsementState[]; to: EndorsementState }> = {
	approve: { from: ['pending_review'], to: 'approved' },
	reject: { from: ['pending_review'], to: 'rejected' },
	remove: { from: ['approved'], to: 'removed' },
	// Every decision can be taken back (except the contact's own withdrawal).
	reopen: { from: ['rejected', 'removed'], to: 'pending_review' }
};

export function canReview(state: EndorsementState, action: ReviewAction): boolean {
	return TRANSITIONS[action].from.includes(state);
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
	const { to, from } = TRANSITIONS[action];
	if ((action === 'reject' || action === 'remove') && !ctx.reason) return false;
	return db.transaction(
		(tx) => {
			const row = tx.select().from(endorsement).where(eq(endorsement.id, id)).get();
			if (!row || !from.includes(row.state)) return false;
			const decided = action === 'reopen' ? { decisionReason: null, decisionNote: null, decidedAt: null } : { decisionReason: ctx.reason ?? null, decisionNote: ctx.note || null, decidedAt: now };
			tx.update(endorsement)
				.set({ state: to, ...decided, approvedAt: action === 'approve' ? now : action === 'reopen' ? null : row.approvedAt })
				.where(eq(endorsement.id, id))
				.run();
			if (to === 'approved') adjustOrganizationCount(tx, row.statementId, row.country, +1);
			if (row.state === 'approved') adjustOrganizationCount(tx, row.statementId, row.country, -1);
			recordAudit(
				tx,
				{
					actor: ctx.actor,
					action: `endorsement.${action}`,
					subjectType: 'endorsement',
					subjectId: id,
					before: { state: row.state },
					after: { state: to, reason: ctx.reason ?? null, note: ctx.note || null },
					ipHmac: ctx.ipHmac
				},
				now
			);
			if (action !== 'reopen') {
				const template = action === 'approve' ? 'endorse_approved' : action === 'reject' ? 'endorse_rejected' : 'endorse_removed';
				enqueueMail(
					db,
					{
						to: row.contactEmail,
						template,
						locale: row.locale,
						payload: {
							name: row.contactName,
							organization: row.name,
							...(ctx.reason ? { reason: ctx.reason } : {}),
							...(ctx.note ? { note: ctx.note } : {}),
							...links(ctx.origin, row.locale, slugOf(tx, row.statementId), row.linkSalt)
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
			tx.update(endorsement)
				.set({
					...after,
					...('name' in after ? { nameKey: foldForSearch(edit.name) } : {}),
					...('website' in after ? { websiteDomain: registrableDomain(edit.website) } : {})
				})
				.where(eq(endorsement.id, id))
				.run();
			if (row.state === 'approved' && 'country' in after) {
				adjustOrganizationCount(tx, row.statementId, row.country, -1);
				adjustOrganizationCount(tx, row.statementId, edit.country, +1);
			}
			recordAudit(tx, { actor: ctx.actor, action: 'endorsement.edit', subjectType: 'endorsement', subjectId: id, before, after, ipHmac: ctx.ipHmac }, ctx.now);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

export function getEndorsement(db: Db, id: number): Endorsement | null {
	if (!Number.isSafeInteger(id)) return null;
	return db.select().from(endorsement).where(eq(endorsement.id, id)).get() ?? null;
}

/** Hashed addresses go after a week, as for signatures. Returns how many. */
export function dropOldEndorsementIpHmacs(db: Db, now = new Date()): number {
	return db
		.update(endorsement)
		.set({ ipHmac: null })
		.where(and(isNotNull(endorsement.ipHmac), lt(endorsement.createdAt, new Date(now.getTime() - IP_HMAC_RETENTION_MS))))
		.run().changes;
}
