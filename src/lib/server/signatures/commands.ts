/** What signers do: sign, confirm, withdraw, stop updates; and the jobs that tidy up after them. */
import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import { CONSENT_VERSION } from '$lib/consent';
import type { Locale } from '$lib/i18n/locales';
import { foldForSearch } from '$lib/search';
import { canonicalizeEmail } from '$lib/validation/email';
import type { SignatureInput } from '$lib/validation/signature';
import { gateAnonymousMail, gateReminder, mayMailRecipient } from '../abuse/limits';
import type { Db, Tx } from '../db';
import { writeSoon } from '../db/write-batch';
import { admitSubmission, type StoreVerdict } from '../abuse';
import { signature, statement, type Signature, type SignatureFlag } from '../db/schema';
import { enqueueMail } from '../mail/outbox';
import { preparedQuery } from '../db/prepared';
import { statementSlug } from '../ledger/leaves';
import { receiptCheckLink } from '../ledger/queries';
import { deriveLinkToken, generateSalt, generateToken, hashToken, isWellFormedToken } from '../tokens';
import { publicNameOf } from './public-name';
import { atMost } from '../db/rows';
import { allows, expireAll, transition } from './states';

export const CONFIRMATION_TTL_MS = 72 * 60 * 60 * 1000;
/** A pending signature gets at most this many confirmation emails. */
export const MAX_CONFIRMATION_EMAILS = 3;

export type SignContext = {
	statementId: number;
	versionHash: string;
	locale: Locale;
	/** Where links in emails point, e.g. https://sign.example.org */
	origin: string;
	flags?: SignatureFlag[];
	ipHmac?: string | null;
	now?: Date;
};

/** What happened, for tests and logs. The signer sees the same page whatever it is. */
export type SignOutcome = 'created' | 'resent' | 'renewed' | 'reminded' | 'unchanged';

function confirmLink(origin: string, locale: Locale, token: string): string {
	return `${origin}/${locale}/confirm/${token}`;
}

function withdrawLink(origin: string, locale: Locale, token: string): string {
	return `${origin}/${locale}/withdraw/${token}`;
}

/** For signers who asked for updates: the page with the stop button, and the RFC 8058 one-click address. */
function unsubscribeLinks(origin: string, locale: Locale, token: string | null): Record<string, string> {
	if (!token) return {};
	return {
		unsubscribeLink: `${origin}/${locale}/unsubscribe/${token}`,
		oneClickUnsubscribeLink: `${origin}/api/v1/unsubscribe/${token}`
	};
}

/**
 * What a supporter's signing does: through the group commit (a surge's signatures share their
 * commits), one savepoint each for the proof-of-work it spends, the address's count and the
 * signature. 'refused': its proof-of-work was spent already, nothing is kept.
 */
export function sign(db: Db, input: SignatureInput, ctx: Omit<SignContext, 'flags' | 'ipHmac'>, verdict: StoreVerdict): Promise<SignOutcome | 'refused'> {
	return writeSoon(db, (tx) => {
		const flags = admitSubmission(tx, verdict);
		return flags ? createSignature(tx, input, { ...ctx, flags, ipHmac: verdict.ipHmac }) : 'refused';
	});
}

/**
 * Record a signature (pending until its email is confirmed) and queue the confirmation email, in
 * the transaction given. Signing again with the same address never reveals that it signed before.
 */
export function createSignature(tx: Tx, input: SignatureInput, ctx: SignContext): SignOutcome {
	const now = ctx.now ?? new Date();
	const emailCanonical = canonicalizeEmail(input.email);
	if (!emailCanonical) throw new Error('createSignature: the email was not validated');
	const found = preparedQuery(tx, 'signature by address', () =>
		tx
			.select({ id: signature.id })
			.from(signature)
			.where(and(eq(signature.statementId, sql.placeholder('statementId')), eq(signature.emailCanonical, sql.placeholder('emailCanonical'))))
			.prepare()
	).get({ statementId: ctx.statementId, emailCanonical });
	// Most signatures are new: the full row is read only for someone signing again.
	const existing = found ? (tx.select().from(signature).where(eq(signature.id, found.id)).get() ?? null) : null;
	const unchanged = !allows(existing, 'sign') || (existing?.state === 'pending' && existing.confirmEmailsSent >= MAX_CONFIRMATION_EMAILS);
	if (unchanged) {
		if (existing?.state === 'confirmed') return remindSigner(tx, existing, ctx, now);
		// Nothing to do, but the write that every other answer makes: the time it takes tells nothing.
		mayMailRecipient(tx, emailCanonical, [], now.getTime(), false);
		return 'unchanged';
	}

	const confirmToken = generateToken();
	// A pending signer who asks again keeps the links of the first email working.
	const linkSalt = existing?.state === 'pending' && existing.linkSalt ? existing.linkSalt : generateSalt();
	const withdrawToken = deriveLinkToken('withdraw', linkSalt);
	const unsubscribeToken = input.updates ? deriveLinkToken('unsubscribe', linkSalt) : null;
	const publicName = publicNameOf(input.name, input.display, ctx.locale);
	const details = {
		name: input.name,
		nameKey: foldForSearch(input.name),
		publicName,
		publicNameKey: publicName === null ? null : foldForSearch(publicName),
		email: input.email,
		emailDomain: emailCanonical.slice(emailCanonical.lastIndexOf('@') + 1),
		country: input.country,
		city: input.city ?? null,
		affiliation: input.affiliation ?? null,
		display: input.display,
		locale: ctx.locale,
		versionHash: ctx.versionHash,
		consentVersion: CONSENT_VERSION,
		consentedAt: now,
		updatesOptIn: input.updates,
		confirmTokenHash: hashToken(confirmToken),
		confirmExpiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS),
		linkSalt,
		withdrawTokenHash: hashToken(withdrawToken),
		unsubscribeTokenHash: unsubscribeToken ? hashToken(unsubscribeToken) : null,
		ipHmac: ctx.ipHmac ?? null
	};
	const flags = [...new Set([...(existing?.flags ?? []), ...(ctx.flags ?? [])])];
	// Anyone can type any address: past its daily cap, the address gets no more mail (and
	// moderators see why), whatever the statement or the flow.
	const mail = gateAnonymousMail(tx, emailCanonical, ctx.flags ?? [], now.getTime());
	if (!mail.send && !flags.includes('mail_capped')) flags.push('mail_capped');

	const renewed = existing?.state === 'withdrawn';
	const done = transition(
		tx,
		existing,
		'sign',
		existing
			? { ...details, flags, flagged: flags.length > 0, confirmEmailsSent: renewed ? 1 : existing.confirmEmailsSent + 1, withdrawnAt: null, confirmedAt: null }
			: { ...details, statementId: ctx.statementId, emailCanonical, flags, flagged: flags.length > 0, confirmEmailsSent: 1 },
		now
	);
	const outcome: SignOutcome = !existing ? 'created' : renewed ? 'renewed' : 'resent';

	// The mail is the transition table's; what it carries, the command's.
	if (!mail.send || !done?.mail) return outcome;
	enqueueMail(
		tx,
		{
			to: input.email,
			template: done.mail,
			locale: ctx.locale,
			payload: {
				name: input.name,
				confirmLink: confirmLink(ctx.origin, ctx.locale, confirmToken),
				withdrawLink: withdrawLink(ctx.origin, ctx.locale, withdrawToken),
				...unsubscribeLinks(ctx.origin, ctx.locale, unsubscribeToken)
			}
		},
		now,
		mail.notBefore
	);
	return outcome;
}

/**
 * Someone signs again with an address whose signature is counted. The page says to everyone that an
 * email is on its way (so that it gives away nobody's signature); this is that email: nothing
 * changed, with the receipt to check and the withdrawal link. One a week at most, under the caps of
 * every email that anyone can trigger, and in the language of the page it was asked from.
 */
function remindSigner(tx: Tx, existing: Signature, ctx: SignContext, now: Date): SignOutcome {
	const mail = gateReminder(tx, `signature:${existing.id}`, existing.emailCanonical, ctx.flags ?? [], now.getTime());
	if (!mail.send || !existing.linkSalt || !existing.receipt) return 'unchanged';
	const slug = statementSlug(tx, ctx.statementId);
	const { origin, locale } = ctx;
	enqueueMail(
		tx,
		{
			to: existing.email,
			template: 'already_signed',
			locale,
			payload: {
				name: existing.name,
				receipt: existing.receipt,
				ledgerLink: receiptCheckLink(origin, locale, slug, existing.receipt),
				withdrawLink: withdrawLink(origin, locale, deriveLinkToken('withdraw', existing.linkSalt)),
				...unsubscribeLinks(origin, locale, existing.unsubscribeTokenHash ? deriveLinkToken('unsubscribe', existing.linkSalt) : null)
			}
		},
		now,
		mail.notBefore
	);
	return 'reminded';
}

export type ConfirmOutcome = { status: 'confirmed'; statementId: number; slug: string; receipt: string } | { status: 'invalid' | 'expired' };

/** What the button on a confirmation link does: through the group commit, like signing. */
export function confirm(db: Db, token: string, origin: string): Promise<ConfirmOutcome> {
	if (!isWellFormedToken(token)) return Promise.resolve({ status: 'invalid' });
	return writeSoon(db, (tx) => confirmSignature(tx, token, origin));
}

/**
 * Confirm the signature behind a link: counted from now on, the link spent, and a thank-you email
 * with the withdrawal link queued, in the transaction given.
 */
export function confirmSignature(tx: Tx, token: string, origin: string, now = new Date()): ConfirmOutcome {
	if (!isWellFormedToken(token)) return { status: 'invalid' };
	const row = preparedQuery(tx, 'signature to confirm', () => {
		const { id, state, statementId, country, hidden, confirmedAt, email, name, locale, linkSalt, unsubscribeTokenHash, confirmExpiresAt, receipt } = signature;
		return tx
			.select({ id, state, statementId, country, hidden, confirmedAt, email, name, locale, linkSalt, unsubscribeTokenHash, confirmExpiresAt, receipt, slug: statement.slug })
			.from(signature)
			.innerJoin(statement, eq(statement.id, signature.statementId))
			.where(eq(signature.confirmTokenHash, sql.placeholder('hash')))
			.prepare();
	}).get({ hash: hashToken(token) });
	if (!row || !allows(row, 'confirm') || !row.linkSalt || !row.receipt) return { status: 'invalid' } as const;
	if (row.confirmExpiresAt && row.confirmExpiresAt < now) return { status: 'expired' } as const;

	// The same withdraw and unsubscribe links as in the confirmation email.
	const withdrawToken = deriveLinkToken('withdraw', row.linkSalt);
	const unsubscribeToken = row.unsubscribeTokenHash ? deriveLinkToken('unsubscribe', row.linkSalt) : null;
	const slug = row.slug;
	const done = transition(tx, row, 'confirm', { confirmedAt: now, confirmTokenHash: null, confirmExpiresAt: null }, now);
	if (done?.mail) enqueueMail(
		tx,
		{
			to: row.email,
			template: done.mail,
			locale: row.locale,
			payload: {
				name: row.name,
				statementLink: `${origin}/${row.locale}/statements/${slug}`,
				// The receipt, and where to check with it that the signature is counted (the public ledger).
				receipt: row.receipt,
				ledgerLink: receiptCheckLink(origin, row.locale, slug, row.receipt),
				withdrawLink: withdrawLink(origin, row.locale, withdrawToken),
				...unsubscribeLinks(origin, row.locale, unsubscribeToken)
			}
		},
		now
	);
	return { status: 'confirmed', statementId: row.statementId, slug, receipt: row.receipt } as const;
}

export type WithdrawOutcome = { status: 'withdrawn'; statementId: number } | { status: 'invalid' };

/** Withdraw the signature behind a link: no longer counted or listed; a short email confirms it. */
export function withdrawSignature(db: Db, token: string, now = new Date()): WithdrawOutcome {
	if (!isWellFormedToken(token)) return { status: 'invalid' };
	return db.transaction(
		(tx) => {
			const row = tx.select().from(signature).where(eq(signature.withdrawTokenHash, hashToken(token))).get();
			const withdrawn =
				row &&
				transition(
					tx,
					row,
					'withdraw',
					// Someone who withdraws is no longer written to about the campaign either.
					{ withdrawnAt: now, confirmTokenHash: null, confirmExpiresAt: null, withdrawTokenHash: null, updatesOptIn: false, unsubscribeTokenHash: null },
					now
				);
			if (!row || !withdrawn) return { status: 'invalid' } as const;
			if (withdrawn.mail) enqueueMail(tx, { to: row.email, template: withdrawn.mail, locale: row.locale, payload: { name: row.name } }, now);
			return { status: 'withdrawn', statementId: row.statementId } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Delete signatures whose confirmation link expired unused. Returns how many went. */
export function purgeExpiredPending(db: Db, now = new Date(), limit = Infinity): number {
	return expireAll(db, now, limit);
}

/** Stop campaign updates for the signer behind an unsubscribe link. True if the link was valid. */
export function unsubscribeFromUpdates(db: Db, token: string): boolean {
	if (!isWellFormedToken(token)) return false;
	return (
		db
			.update(signature)
			.set({ updatesOptIn: false, unsubscribeTokenHash: null })
			.where(eq(signature.unsubscribeTokenHash, hashToken(token)))
			.run().changes === 1
	);
}

export const IP_HMAC_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Hashed addresses are needed for a week of abuse review at most; then they go. Returns how many. */
export function dropOldIpHmacs(db: Db, now = new Date(), limit = Infinity): number {
	return db
		.update(signature)
		.set({ ipHmac: null })
		.where(atMost(db, signature, and(isNotNull(signature.ipHmac), lt(signature.createdAt, new Date(now.getTime() - IP_HMAC_RETENTION_MS)))!, limit))
		.run().changes;
}
