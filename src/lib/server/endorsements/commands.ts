/** What an organization's contact does: endorse, confirm the address, withdraw; and the jobs that tidy up after them. */
import { and, eq, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import { getDomain } from 'tldts';
import { ENDORSEMENT_CONSENT_VERSION } from '$lib/consent';
import type { Locale } from '$lib/i18n/locales';
import { foldForSearch } from '$lib/search';
import { canonicalizeEmail } from '$lib/validation/email';
import type { EndorsementInput } from '$lib/validation/endorsement';
import type { Connection, Db } from '../db';
import { endorsement, statement, type Endorsement, type SignatureFlag } from '../db/schema';
import { admitSubmission, type StoreVerdict } from '../abuse';
import { gateAnonymousMail, gateReminder, mayMailRecipient } from '../abuse/limits';
import { storeLogo, type ProcessedLogo } from './logos';
import { enqueueMail } from '../mail/outbox';
import { atMost } from '../db/rows';
import { IP_HMAC_RETENTION_MS } from '../signatures/commands';
import { deriveLinkToken, generateSalt, generateToken, hashToken, isWellFormedToken } from '../tokens';
import { allows, expireAll, REVIEW_STATES, transition, UNVERIFIED_STATES } from './states';

export const ENDORSEMENT_CONFIRMATION_TTL_MS = 72 * 60 * 60 * 1000;
const MAX_CONFIRMATION_EMAILS = 3;

export type EndorseContext = {
	statementId: number;
	versionHash: string;
	locale: Locale;
	origin: string;
	/** A logo chosen with an earlier, unaccepted submission (kept), or null. */
	logoHash: string | null;
	/** A logo that came with this submission, stored in the endorsement's transaction (its hash replaces logoHash). */
	logo?: ProcessedLogo | null;
	flags?: SignatureFlag[];
	ipHmac?: string | null;
	now?: Date;
};

export type EndorseOutcome = 'created' | 'resent' | 'renewed' | 'reminded' | 'unchanged';

export function links(origin: string, locale: Locale, slug: string, linkSalt: string) {
	return {
		withdrawLink: `${origin}/${locale}/endorsement/withdraw/${deriveLinkToken('endorsement-withdraw', linkSalt)}`,
		statementLink: `${origin}/${locale}/statements/${slug}`
	};
}

export function slugOf(tx: Connection, statementId: number): string {
	return tx.select({ slug: statement.slug }).from(statement).where(eq(statement.id, statementId)).get()!.slug;
}

/** example.org for https://www.example.org/about; null without a website. */
export function registrableDomain(hostOrUrl: string | null | undefined): string | null {
	return hostOrUrl ? getDomain(hostOrUrl) : null;
}

/**
 * The robot checks' verdict made binding, in a transaction of its own *before* the upload is
 * decoded: the proof-of-work spent and the address counted, so that one solution is not a ticket
 * for many uploads. Null: the solution was spent already. (Endorsements are few; no group commit.)
 */
export function admitEndorsement(db: Db, verdict: StoreVerdict): SignatureFlag[] | null {
	return db.transaction((tx) => admitSubmission(tx, verdict), { behavior: 'immediate' });
}

/**
 * The form sent again for an endorsement that waits for review or is published: the page says to
 * everyone that an email is on its way (it gives away no endorsement), and this is that email, with
 * where it stands and the withdrawal link. One a week at most, under the caps of every email that
 * anyone can trigger.
 */
function remindContact(tx: Connection, existing: Endorsement, ctx: EndorseContext, now: Date): EndorseOutcome {
	const mail = gateReminder(tx, `endorsement:${existing.id}`, existing.contactEmailCanonical, ctx.flags ?? [], now.getTime());
	if (!mail.send) return 'unchanged';
	enqueueMail(
		tx,
		{
			to: existing.contactEmail,
			template: 'endorse_already',
			locale: ctx.locale,
			payload: {
				name: existing.contactName,
				organization: existing.name,
				stage: existing.state === 'approved' ? 'published' : 'review',
				...links(ctx.origin, ctx.locale, slugOf(tx, ctx.statementId), existing.linkSalt)
			}
		},
		now,
		mail.notBefore
	);
	return 'reminded';
}

/**
 * Record an organization's endorsement (waiting for its contact to confirm the email), its logo,
 * and queue the confirmation email, in one transaction. As with signatures, a second submission never reveals
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
						inArray(endorsement.state, [...UNVERIFIED_STATES, ...REVIEW_STATES])
					)
				)
				.get();
			const existing = sameName ?? otherPending;
			// Already waiting for review, published, or taken off by a moderator: nothing to do.
			const unchanged =
				(otherPending && (otherPending.state === 'pending_review' || sameName)) ||
				!allows(existing ?? null, 'endorse') ||
				(existing?.state === 'pending_email' && existing.confirmEmailsSent >= MAX_CONFIRMATION_EMAILS);
			if (unchanged) {
				if (sameName?.state === 'pending_review' || sameName?.state === 'approved') return remindContact(tx, sameName, ctx, now);
				// Nothing to do, but the write that every other answer makes: the time it takes tells nothing.
				mayMailRecipient(tx, emailCanonical, [], now.getTime(), false);
				return 'unchanged';
			}

			// Kept only with the endorsement that uses it.
			if (ctx.logo) storeLogo(tx, ctx.logo, now);
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
				logoHash: ctx.logo?.hash ?? ctx.logoHash,
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

			const renewed = !!existing && existing.state !== 'pending_email';
			const done = transition(
				tx,
				existing ?? null,
				'endorse',
				existing
					? {
							...details,
							flags,
							confirmEmailsSent: renewed ? 1 : existing.confirmEmailsSent + 1,
							decisionReason: null,
							decisionNote: null,
							verifiedAt: null,
							approvedAt: null,
							decidedAt: null,
							withdrawnAt: null,
							createdAt: renewed ? now : existing.createdAt
						}
					: { ...details, statementId: ctx.statementId, contactEmailCanonical: emailCanonical, flags, confirmEmailsSent: 1 },
				now
			);
			const outcome: EndorseOutcome = !existing ? 'created' : renewed ? 'renewed' : 'resent';

			// The mail is the transition table's; what it carries, the command's.
			if (!mail.send || !done?.mail) return outcome;
			enqueueMail(
				tx,
				{
					to: input.contactEmail,
					template: done.mail,
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

export type VerifyOutcome = { status: 'verified'; statementId: number } | { status: 'invalid' | 'expired' };

/** The contact confirmed their address: the endorsement goes to the moderators' queue. */
export function verifyEndorsement(db: Db, token: string, origin: string, now = new Date()): VerifyOutcome {
	if (!isWellFormedToken(token)) return { status: 'invalid' };
	return db.transaction(
		(tx) => {
			const row = tx.select().from(endorsement).where(eq(endorsement.confirmTokenHash, hashToken(token))).get();
			if (!row || !allows(row, 'verify')) return { status: 'invalid' } as const;
			if (row.confirmExpiresAt && row.confirmExpiresAt.getTime() < now.getTime()) return { status: 'expired' } as const;
			const done = transition(tx, row, 'verify', { verifiedAt: now, confirmTokenHash: null, confirmExpiresAt: null }, now);
			if (done?.mail) enqueueMail(
				tx,
				{
					to: row.contactEmail,
					template: done.mail,
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
			const done = row && transition(tx, row, 'withdraw', { withdrawnAt: now, confirmTokenHash: null, confirmExpiresAt: null, withdrawTokenHash: null }, now);
			if (!row || !done) return { status: 'invalid' } as const;
			if (done.mail) enqueueMail(tx, { to: row.contactEmail, template: done.mail, locale: row.locale, payload: { name: row.contactName, organization: row.name } }, now);
			return { status: 'withdrawn', statementId: row.statementId } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Delete endorsements whose confirmation link expired unused. Returns how many went. */
export function purgeExpiredEndorsements(db: Db, now = new Date(), limit = Infinity): number {
	return expireAll(db, now, limit);
}

/** Hashed addresses go after a week, as for signatures (at most `limit` of them: a job working in batches). Returns how many. */
export function dropOldEndorsementIpHmacs(db: Db, now = new Date(), limit = Infinity): number {
	const old = and(isNotNull(endorsement.ipHmac), lt(endorsement.createdAt, new Date(now.getTime() - IP_HMAC_RETENTION_MS)))!;
	return db
		.update(endorsement)
		.set({ ipHmac: null })
		.where(atMost(db, endorsement, old, limit))
		.run().changes;
}
