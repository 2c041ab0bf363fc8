/**
 * What a dossier says, read at one signed head of the ledger: the counts are the head's own (what
 * anyone can check against the public log), the history and the moderators' decisions are the
 * log's leaves up to that head, and the named signatories and organizations are those counted at
 * the head who are still listed publicly now (a person who withdrew since is counted in the head,
 * never named).
 */
import { and, asc, eq, inArray, isNotNull, lt, sql, type Placeholder } from 'drizzle-orm';
import type { Locale } from '$lib/i18n/locales';
import type { Connection } from '../db';
import { iterateRows, preparedQuery } from '../db/prepared';
import { endorsement, ledgerHead, ledgerLeaf, logo, signature, statement, statementVersion, statementVersionActivation, type StatementVersion } from '../db/schema';
import type { HeadBody } from '../ledger/heads';

export type DossierHead = { id: number; treeSize: number; rootHash: string; body: string; signature: string; signedAt: Date; counts: HeadBody['counts']; key: string };

export type DayCount = { day: string; delta: number };
export type EventCount = { kind: string; event: string; reason: string | null; n: number };

export type DossierOrganization = {
	name: string;
	type: string;
	country: string;
	city: string | null;
	website: string | null;
	support: string | null;
	/** Its logo's key (logoOf reads the image when it is printed: two thousand logos need not be in memory at once). */
	logoHash: string | null;
};

export type DossierFacts = {
	slug: string;
	issuedOn: string;
	/** The person who signed the statement for the issuer. */
	signatoryName: string;
	authoritative: Locale;
	/** The texts in force at the head's time, the authoritative first. */
	texts: StatementVersion[];
	head: DossierHead;
	/** Net signatures per day (UTC) up to the head. */
	days: DayCount[];
	/** How often each event happened up to the head, by reason code. */
	events: EventCount[];
	organizations: DossierOrganization[];
};

export function readHead(db: Connection, headId: number): DossierHead | null {
	const row = db.select().from(ledgerHead).where(eq(ledgerHead.id, headId)).get();
	if (!row) return null;
	const body = JSON.parse(row.body) as HeadBody;
	return {
		id: row.id,
		treeSize: row.treeSize,
		rootHash: row.rootHash.toString('hex'),
		body: row.body,
		signature: row.signature.toString('base64'),
		signedAt: row.signedAt,
		counts: body.counts,
		key: body.key
	};
}

/**
 * The statement's text in each language as it stood at `at`: the version made current last by then
 * (a text edited back to an earlier version makes that one current again), or, for a language
 * translated only later, its first version.
 */
function textsAt(db: Connection, statementId: number, locales: Locale[], at: Date): StatementVersion[] {
	const rows = db
		.select({ version: statementVersion, activatedAt: statementVersionActivation.activatedAt })
		.from(statementVersion)
		.innerJoin(statementVersionActivation, eq(statementVersionActivation.versionId, statementVersion.id))
		.where(and(eq(statementVersion.statementId, statementId), inArray(statementVersion.locale, locales)))
		.orderBy(asc(statementVersionActivation.activatedAt), asc(statementVersionActivation.id))
		.all();
	return locales.flatMap((locale) => {
		const activations = rows.filter((r) => r.version.locale === locale);
		const then = activations.filter((r) => r.activatedAt.getTime() <= at.getTime()).at(-1) ?? activations[0];
		return then ? [then.version] : [];
	});
}

/** A leaf's field, read by SQLite from its canonical JSON. */
const field = (name: string) => sql`json_extract(${ledgerLeaf.data}, ${`$.${name}`})`;

/**
 * The receipt's last leaf is one of the first `size`: the row's state now is its state at the
 * head (a signature confirmed or restored after the head is not in it).
 */
const unchangedSince = (table: typeof signature | typeof endorsement, size: number | Placeholder) =>
	sql`(SELECT max(${ledgerLeaf.position}) FROM ${ledgerLeaf} WHERE ${ledgerLeaf.statementId} = ${table.statementId} AND ${ledgerLeaf.receipt} = ${table.receipt}) < ${size}`;

export function readFacts(db: Connection, statementId: number, locales: Locale[], head: DossierHead): DossierFacts {
	const s = db.select().from(statement).where(eq(statement.id, statementId)).get();
	if (!s) throw new Error(`no statement ${statementId}`);
	const ordered = [s.authoritativeLocale, ...locales.filter((l) => l !== s.authoritativeLocale)];
	const inTree = and(eq(ledgerLeaf.statementId, statementId), lt(ledgerLeaf.position, head.treeSize));
	// One walk of the leaves for both: what each day added, and how often each event happened (by reason).
	const tally = db
		.select({
			day: sql<string>`substr(${field('hour')}, 1, 10)`,
			kind: sql<string>`${field('kind')}`,
			event: sql<string>`${field('event')}`,
			reason: sql<string | null>`${field('reason')}`,
			delta: sql<number>`sum(${field('delta')})`,
			n: sql<number>`count(*)`
		})
		.from(ledgerLeaf)
		.where(inTree)
		.groupBy(sql`1, 2, 3, 4`)
		.orderBy(sql`1, 2, 3, 4`)
		.all();
	const days: DayCount[] = [];
	const events = new Map<string, EventCount>();
	for (const t of tally) {
		if (t.kind === 'signature') {
			if (days.at(-1)?.day === t.day) days.at(-1)!.delta += t.delta;
			else days.push({ day: t.day, delta: t.delta });
		}
		const key = JSON.stringify([t.kind, t.event, t.reason]);
		const known = events.get(key);
		if (known) known.n += t.n;
		else events.set(key, { kind: t.kind, event: t.event, reason: t.reason, n: t.n });
	}
	const organizations = db
		.select({
			name: endorsement.name,
			type: endorsement.type,
			country: endorsement.country,
			city: endorsement.city,
			website: endorsement.website,
			support: endorsement.support,
			logoHash: endorsement.logoHash
		})
		.from(endorsement)
		.where(and(eq(endorsement.statementId, statementId), eq(endorsement.state, 'approved'), unchangedSince(endorsement, head.treeSize)))
		.orderBy(asc(endorsement.country), asc(endorsement.nameKey), asc(endorsement.id))
		.all();
	return {
		slug: s.slug,
		issuedOn: s.issuedOn,
		signatoryName: s.signatoryName,
		authoritative: s.authoritativeLocale,
		texts: textsAt(db, statementId, ordered, head.signedAt),
		head,
		days,
		events: [...events.values()],
		organizations
	};
}

/** A kept logo's image (WebP), or null. */
export function logoOf(db: Connection, hash: string): Buffer | null {
	return db.select({ data: logo.data }).from(logo).where(eq(logo.hash, hash)).get()?.data ?? null;
}

/** A signatory as the dossier and its public data file show them: what the public list shows, nothing else. */
export type NamedSignatory = { name: string; country: string; city: string | null; affiliation: string | null };

/**
 * The signatories counted at the head who are listed publicly, by country (in the order given) and
 * then by the name they show (never by a name they keep private), one at a time: SQLite reads the
 * table once, from start to end, and sorts once; the walk holds one row in memory. The data files
 * use the same order as the printed list (an order of signing would follow the ledger's and help
 * link names to receipts). `db` must be a reader of its own (openReader).
 */
export function* namedSignatories(db: Connection, statementId: number, size: number, countries: string[]): Generator<NamedSignatory> {
	const query = preparedQuery(db, 'dossier signatories', () =>
		db
			.select({
				name: signature.publicName,
				country: signature.country,
				// As the public list: city and affiliation only beside a full name.
				city: sql`CASE WHEN ${signature.display} = 'full' THEN ${signature.city} END`,
				affiliation: sql`CASE WHEN ${signature.display} = 'full' THEN ${signature.affiliation} END`
			})
			.from(signature)
			.where(
				and(
					// The table read from start to end: the unary + keeps SQLite off the indexes, which would
					// make it jump about the file for nearly every row of a statement (measured: twice the time).
					sql`+${signature.statementId} = ${sql.placeholder('statementId')}`,
					sql`+${signature.state} = 'confirmed'`,
					eq(signature.hidden, false),
					isNotNull(signature.publicName),
					unchangedSince(signature, sql.placeholder('size'))
				)
			)
			// Countries in the order of `countries` (':AT:DE:…:'), names in the order they are searched in.
			.orderBy(sql`instr(${sql.placeholder('countries')}, ':' || ${signature.country} || ':')`, asc(signature.publicNameKey), asc(signature.id))
			.prepare()
	);
	for (const [name, country, city, affiliation] of iterateRows(query, { statementId, size, countries: `:${countries.join(':')}:` })) {
		yield { name: name as string, country: country as string, city: city as string | null, affiliation: affiliation as string | null };
	}
}
