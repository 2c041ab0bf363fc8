/** What moderators see about endorsements: the queue, and the signals that help judge each one. */
import { and, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
import { distance } from 'fastest-levenshtein';
import { createRequire } from 'node:module';
import { foldForSearch } from '$lib/search';
import type { Db } from '../db';
import { endorsement, ENDORSEMENT_STATES, type Endorsement, type EndorsementState, type SignatureFlag } from '../db/schema';
import { registrableDomain } from './commands';
import { isBlocklisted } from '../settings';

const require = createRequire(import.meta.url);
let freeMailDomains: Set<string> | null = null;
let disposableDomains: Set<string> | null = null;

/** Free-mail providers (email-providers) and throwaway-address services (disposable-email-domains), loaded once. */
function domainLists() {
	freeMailDomains ??= new Set(require('email-providers/all.json') as string[]);
	disposableDomains ??= new Set(require('disposable-email-domains') as string[]);
	return { freeMailDomains, disposableDomains };
}

export function isFreeMailDomain(domain: string): boolean {
	const { freeMailDomains } = domainLists();
	return freeMailDomains.has(domain) || freeMailDomains.has(registrableDomain(domain) ?? domain);
}

export function isDisposableDomain(domain: string): boolean {
	const { disposableDomains } = domainLists();
	return disposableDomains.has(domain) || disposableDomains.has(registrableDomain(domain) ?? domain);
}

// Words that say what kind of body it is rather than which one.
const GENERIC_WORDS = new Set(
	'e v ev e.v. ev. the of for and und fur der die das des de la le les du et association associacao verein gmbh ag ltd inc llc plc ggmbh foundation stiftung organization organisation society gesellschaft birliyi icmasi'.split(' ')
);

/** The name reduced to what identifies it: folded, punctuation and generic words gone. */
export function nameCore(name: string): string {
	return foldForSearch(name)
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.split(' ')
		.filter((word) => word && !GENERIC_WORDS.has(word))
		.join(' ');
}

export function isSimilarName(a: string, b: string): boolean {
	const x = nameCore(a);
	const y = nameCore(b);
	if (!x || !y) return foldForSearch(a) === foldForSearch(b);
	if (x === y) return true;
	const [short, long] = x.length <= y.length ? [x, y] : [y, x];
	if (short.length >= 5 && long.includes(short)) return true;
	return distance(x, y) <= Math.max(1, Math.floor(long.length * 0.2));
}

export type EndorsementSignals = {
	/** Whether the contact's address is at the website's domain. */
	domain: 'match' | 'mismatch' | 'no_website';
	freeMail: boolean;
	disposable: boolean;
	blocklisted: boolean;
	flags: SignatureFlag[];
	/** Other endorsements of the same statement, published or waiting, whose names look alike. */
	similar: { id: number; name: string; state: EndorsementState }[];
};

type Peer = Pick<Endorsement, 'id' | 'name' | 'state'>;

function peersOf(db: Db, statementId: number): Peer[] {
	return db
		.select({ id: endorsement.id, name: endorsement.name, state: endorsement.state })
		.from(endorsement)
		.where(and(eq(endorsement.statementId, statementId), inArray(endorsement.state, ['approved', 'pending_review'])))
		.all();
}

function signalsFor(db: Db, row: Endorsement, peers: Peer[]): EndorsementSignals {
	const contactDomain = registrableDomain(row.contactEmailDomain) ?? row.contactEmailDomain;
	return {
		domain: !row.websiteDomain ? 'no_website' : row.websiteDomain === contactDomain ? 'match' : 'mismatch',
		freeMail: isFreeMailDomain(row.contactEmailDomain),
		disposable: isDisposableDomain(row.contactEmailDomain),
		blocklisted: isBlocklisted(db, row.contactEmailDomain),
		flags: row.flags,
		similar: peers.filter((p) => p.id !== row.id && isSimilarName(p.name, row.name))
	};
}

export function getEndorsementSignals(db: Db, row: Endorsement): EndorsementSignals {
	return signalsFor(db, row, peersOf(db, row.statementId));
}

export type EndorsementFilter = { state?: EndorsementState | 'all'; q?: string; statementId?: number };

export function readEndorsementFilter(params: URLSearchParams): EndorsementFilter {
	const state = params.get('state');
	return {
		state: state === 'all' || (ENDORSEMENT_STATES as readonly string[]).includes(state ?? '') ? (state as EndorsementFilter['state']) : 'pending_review',
		q: params.get('q')?.trim().slice(0, 200) || undefined
	};
}

const QUEUE_LIMIT = 200;

/** Endorsements for the panel, oldest waiting first in the queue, newest first otherwise, each with its signals. */
export function listEndorsementsForReview(db: Db, filter: EndorsementFilter) {
	const q = filter.q ?? '';
	const needle = `%${foldForSearch(q).replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	const domain = q.startsWith('@') ? q.slice(1).toLowerCase() : null;
	const rows = db
		.select()
		.from(endorsement)
		.where(
			and(
				filter.state && filter.state !== 'all' ? eq(endorsement.state, filter.state) : undefined,
				filter.statementId ? eq(endorsement.statementId, filter.statementId) : undefined,
				domain
					? eq(endorsement.contactEmailDomain, domain)
					: q
						? or(like(endorsement.nameKey, sql`${needle} ESCAPE '\\'`), eq(endorsement.contactEmailCanonical, q.toLowerCase()))
						: undefined
			)
		)
		.orderBy(filter.state === 'pending_review' ? endorsement.createdAt : desc(endorsement.createdAt))
		.limit(QUEUE_LIMIT)
		.all();
	const peers = new Map<number, Peer[]>();
	return rows.map((row) => {
		if (!peers.has(row.statementId)) peers.set(row.statementId, peersOf(db, row.statementId));
		return { row, signals: signalsFor(db, row, peers.get(row.statementId)!) };
	});
}
