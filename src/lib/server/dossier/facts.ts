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
import { endorsement, ledgerHead, ledgerLeaf, logo, signature, statement, statementVersion, type StatementVersion } from '../db/schema';
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
	logo: Buffer | null;
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
 * The statement's text in each language as it stood at `at`: the newest version made by then (or,
 * for a language translated only later, its first version).
 */
function textsAt(db: Connection, statementId: number, locales: Locale[], at: Date): StatementVersion[] {
	const rows = db
		.select()
		.from(statementVersion)
		.where(and(eq(statementVersion.statementId, statementId), inArray(statementVersion.locale, locales)))
		.orderBy(asc(statementVersion.createdAt), asc(statementVersion.id))
		.all();
	return locales.flatMap((locale) => {
		const versions = rows.filter((r) => r.locale === locale);
		const then = versions.filter((r) => r.createdAt.getTime() <= at.getTime()).at(-1) ?? versions[0];
		return then ? [then] : [];
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
	const days = db
		.select({ day: sql<string>`substr(${field('hour')}, 1, 10)`, delta: sql<number>`sum(${field('delta')})` })
		.from(ledgerLeaf)
		.where(and(inTree, sql`${field('kind')} = 'signature'`))
		.groupBy(sql`1`)
		.orderBy(sql`1`)
		.all();
	const events = db
		.select({ kind: sql<string>`${field('kind')}`, event: sql<string>`${field('event')}`, reason: sql<string | null>`${field('reason')}`, n: sql<number>`count(*)` })
		.from(ledgerLeaf)
		.where(inTree)
		.groupBy(sql`1, 2, 3`)
		.orderBy(sql`1, 2, 3`)
		.all();
	const organizations = db
		.select({
			name: endorsement.name,
			type: endorsement.type,
			country: endorsement.country,
			city: endorsement.city,
			website: endorsement.website,
			support: endorsement.support,
			logo: logo.data
		})
		.from(endorsement)
		.leftJoin(logo, eq(logo.hash, endorsement.logoHash))
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
		events,
		organizations
	};
}

/** A signatory as the dossier and its public data file show them: what the public list shows, nothing else. */
export type NamedSignatory = { name: string; country: string; city: string | null; affiliation: string | null };

/**
 * The signatories counted at the head who are listed publicly, by country (in the order given) and then by the name
 * they show (never by a name they keep private), one at a time: SQLite sorts them once, and the
 * walk holds one row in memory. `db` must be a reader of its own (openReader).
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
					eq(signature.statementId, sql.placeholder('statementId')),
					eq(signature.state, 'confirmed'),
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
