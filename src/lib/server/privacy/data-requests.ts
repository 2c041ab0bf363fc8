import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Locale } from '$lib/i18n/locales';
import { canonicalizeEmail } from '$lib/validation/email';
import { recordAudit } from '../audit';
import type { Connection, Db, Tx } from '../db';
import { writeSoon } from '../db/write-batch';
import { getAbuseSettings } from '../config';
import { isOverDataRequestLimit } from '../abuse/rate-limit';
import { dataRequest, endorsement, signature, statement } from '../db/schema';
import { mayMailRecipient, scheduleAnonymousMail } from '../abuse/limits';
import { transition as endorsementTransition } from '../endorsements/states';
import { enqueueMail } from '../mail/outbox';
import { forgetMailTo } from '../mail/retention';
import { transition as signatureTransition } from '../signatures/states';
import { generateToken, hashToken, isWellFormedToken } from '../tokens';
import { forgottenContact, forgottenSigner } from './retention';

export const DATA_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;
/** One email per address in this time, however often someone asks: the form must not become a way to flood an inbox. */
const DATA_REQUEST_INTERVAL_MS = 15 * 60 * 1000;

export type DataRequestOutcome = 'sent' | 'not_sent' | 'too_many';

/**
 * Someone asks what is stored under an address. Whoever owns the address gets a link (valid one
 * day); the page that asked says the same whether or not anything is stored (no enumeration):
 * 'sent' and 'not_sent' are for the caller's mail worker and tests, not for the person. Past ten
 * requests an hour from one (hashed) network address `from`: 'too_many', nothing else done.
 * Through the group commit, so that a flood of requests costs few commits.
 */
export function requestDataAccess(
	db: Db,
	email: string,
	locale: Locale,
	origin: string,
	{ now = new Date(), from = null }: { now?: Date; from?: string | null } = {}
): Promise<DataRequestOutcome> {
	const canonical = canonicalizeEmail(email);
	return writeSoon(db, (tx) => {
		if (from !== null && getAbuseSettings().enabled && isOverDataRequestLimit(tx, from, now.getTime())) return 'too_many';
		return canonical && recordDataRequest(tx, canonical, locale, origin, now) ? 'sent' : 'not_sent';
	});
}

function recordDataRequest(tx: Tx, canonical: string, locale: Locale, origin: string, now: Date): boolean {
	const row =
		tx.select({ email: signature.email }).from(signature).where(eq(signature.emailCanonical, canonical)).get() ??
		tx.select({ email: endorsement.contactEmail }).from(endorsement).where(eq(endorsement.contactEmailCanonical, canonical)).get();
	const recent = tx
		.select({ at: dataRequest.createdAt })
		.from(dataRequest)
		.where(and(eq(dataRequest.emailCanonical, canonical), gt(dataRequest.createdAt, new Date(now.getTime() - DATA_REQUEST_INTERVAL_MS))))
		.get();
	// The same write for any address, known or not, so that every answer costs the same.
	const mayMail = mayMailRecipient(tx, canonical, [], now.getTime(), !!row && !recent);
	if (!row || !mayMail) return false;
	const token = generateToken();
	tx.insert(dataRequest).values({ tokenHash: hashToken(token), emailCanonical: canonical, expiresAt: new Date(now.getTime() + DATA_REQUEST_TTL_MS), createdAt: now }).run();
	enqueueMail(tx, { to: row.email, template: 'data_request', locale, payload: { name: '', dataLink: `${origin}/${locale}/my-data/${token}` } }, now, scheduleAnonymousMail(tx, now.getTime()));
	return true;
}

function findRequest(db: Connection, token: string, now: Date) {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(dataRequest).where(and(eq(dataRequest.tokenHash, hashToken(token)), isNull(dataRequest.usedAt), gt(dataRequest.expiresAt, now))).get() ?? null;
}

/** Everything stored about the person behind a valid link, as they can read it. */
export function collectPersonalData(db: Db, token: string, now = new Date()) {
	const request = findRequest(db, token, now);
	if (!request) return null;
	const rows = db
		.select({ s: signature, slug: statement.slug })
		.from(signature)
		.innerJoin(statement, eq(signature.statementId, statement.id))
		.where(eq(signature.emailCanonical, request.emailCanonical))
		.all();
	const endorsements = db
		.select({ e: endorsement, slug: statement.slug })
		.from(endorsement)
		.innerJoin(statement, eq(endorsement.statementId, statement.id))
		.where(eq(endorsement.contactEmailCanonical, request.emailCanonical))
		.all();
	return {
		email: rows[0]?.s.email ?? endorsements[0]?.e.contactEmail ?? request.emailCanonical,
		// As the contact person of an organization's endorsement.
		endorsements: endorsements.map(({ e, slug }) => ({
			statement: slug,
			state: e.state,
			organization: e.name,
			contactName: e.contactName,
			contactRole: e.contactRole,
			email: e.contactEmail,
			language: e.locale,
			sentAt: e.createdAt.toISOString(),
			consentVersion: e.consentVersion,
			consentedAt: e.consentedAt.toISOString(),
			addressHashKeptUntil: e.ipHmac ? new Date(e.createdAt.getTime() + 7 * 86_400_000).toISOString() : null
		})),
		signatures: rows.map(({ s, slug }) => ({
			statement: slug,
			state: s.state,
			name: s.name,
			shownPublicly: s.publicName,
			email: s.email,
			country: s.country,
			city: s.city,
			affiliation: s.affiliation,
			language: s.locale,
			signedAt: s.createdAt.toISOString(),
			confirmedAt: s.confirmedAt?.toISOString() ?? null,
			consentVersion: s.consentVersion,
			consentedAt: s.consentedAt.toISOString(),
			campaignUpdates: s.updatesOptIn,
			addressHashKeptUntil: s.ipHmac ? new Date(s.createdAt.getTime() + 7 * 86_400_000).toISOString() : null
		}))
	};
}

/** Send the person a copy of their data as JSON, by email. The link stays usable for erasure. */
export function sendPersonalData(db: Db, token: string, locale: Locale, now = new Date()): boolean {
	const data = collectPersonalData(db, token, now);
	if (!data) return false;
	enqueueMail(db, { to: data.email, template: 'data_copy', locale, payload: { name: '', json: JSON.stringify(data, null, 2) } }, now);
	return true;
}

/**
 * Erase: every signature under the address is withdrawn (counts go down) and anonymised at once —
 * name, address, city, affiliation and hashed address are gone; the row stays only as a number.
 */
export function erasePersonalData(db: Db, token: string, now = new Date()): number | null {
	return db.transaction(
		(tx) => {
			const request = findRequest(tx, token, now);
			if (!request) return null;
			const rows = tx.select().from(signature).where(eq(signature.emailCanonical, request.emailCanonical)).all();
			for (const row of rows) signatureTransition(tx, row, 'erase', { withdrawnAt: now, ...forgottenSigner(`erased:${row.id}`) }, now);
			// An organization's endorsement loses its contact person; nobody vouches for it any more, so it is withdrawn.
			const endorsements = tx.select().from(endorsement).where(eq(endorsement.contactEmailCanonical, request.emailCanonical)).all();
			for (const row of endorsements) endorsementTransition(tx, row, 'erase', { withdrawnAt: now, ...forgottenContact(`erased:${row.id}`) }, now);
			tx.update(dataRequest).set({ usedAt: now }).where(eq(dataRequest.emailCanonical, request.emailCanonical)).run();
			// The messages sent to the address go with it (the rows above still held it as typed).
			forgetMailTo(tx, [...rows.map((r) => r.email), ...endorsements.map((e) => e.contactEmail)]);
			recordAudit(
				tx,
				{ actor: null, action: 'privacy.erase', subjectType: 'signature', subjectId: rows.map((r) => r.id).join(','), after: { count: rows.length, endorsements: endorsements.map((e) => e.id) } },
				now
			);
			return rows.length + endorsements.length;
		},
		{ behavior: 'immediate' }
	);
}
