/**
 * Signed tree heads: the log's size, root and the counts its leaves add up to, at a time, signed
 * with the server's Ed25519 key. Kept forever; anyone can check each against the published key
 * and each later one against the earlier (consistency proofs), so the log cannot be rewritten
 * unseen. The key is made into the data folder on first use (mode 0600, like app-secret).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { and, asc, count as countRows, desc, eq, gt, lte, sql } from 'drizzle-orm';
import { getDataDir } from '../config';
import type { Connection, Db } from '../db';
import { ledgerHead, ledgerLeaf, statement } from '../db/schema';
import { ledgerSize, ledgerTree, statementSlug, type Leaf } from './leaves';

/** What a head says the leaves add up to, per statement and per country. */
export type LedgerCounts = {
	signatures: number;
	organizations: number;
	countries: Record<string, { signatures: number; organizations: number }>;
};

/**
 * The signed body of a head: these keys in this order, UTF-8 JSON without spaces. `previous` is
 * the SHA-256 (hex) of the previous head's body (null for the first): heads form a chain, so a
 * head taken out of the published list breaks it.
 */
export type HeadBody = { v: 1; statement: string; treeSize: number; rootHash: string; time: string; counts: LedgerCounts; previous: string | null; key: string };

export type SignedHead = { treeSize: number; rootHash: string; body: string; signature: string; signedAt: Date };

let key: { privateKey: KeyObject; publicKey: Buffer } | null = null;

/**
 * The server's ledger key: read from the data folder, or made there on first use. `mayCreate`
 * false (heads were signed already): a missing key is an error, never silently replaced, since
 * every head before would then fail to verify.
 */
export function getLedgerKey(mayCreate = true): { privateKey: KeyObject; publicKey: Buffer } {
	if (key) return key;
	const file = resolve(getDataDir(), 'ledger-key.pem');
	if (!existsSync(file)) {
		if (!mayCreate) {
			throw new Error(
				`${file} is missing, but this ledger has heads signed with a key: restore ledger-key.pem from your backups ` +
					'(a new key would make every published head unverifiable). Nothing is signed until then.'
			);
		}
		mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
		const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		// Written aside and linked into place: another process never reads half a key, and the first one made wins.
		const partial = `${file}.${process.pid}.partial`;
		writeFileSync(partial, pem, { mode: 0o600 });
		chmodSync(partial, 0o600);
		try {
			linkSync(partial, file);
		} catch {
			// made by someone else meanwhile: theirs is read below
		} finally {
			rmSync(partial, { force: true });
		}
	}
	const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
	// The raw 32-byte key is the last 32 bytes of its SubjectPublicKeyInfo.
	const publicKey = (createPublicKey(privateKey).export({ type: 'spki', format: 'der' }) as Buffer).subarray(-32);
	return (key = { privateKey, publicKey });
}

/** Forget the cached key (tests move the data folder). */
export function resetLedgerKey(): void {
	key = null;
}

/** The public key's SHA-256, as printed on the ledger page and in the dossier, and named in every head. */
export function ledgerKeyFingerprint(mayCreate = true): string {
	return createHash('sha256').update(getLedgerKey(mayCreate).publicKey).digest('hex');
}

export function latestHead(db: Connection, statementId: number): SignedHead | null {
	const row = db.select().from(ledgerHead).where(eq(ledgerHead.statementId, statementId)).orderBy(desc(ledgerHead.treeSize), desc(ledgerHead.id)).limit(1).get();
	return row ? asSigned(row) : null;
}

export const HEADS_PER_PAGE = 500;

/** Signed heads, oldest first, the `limit` after the `after`-th (0: from the first). */
export function listHeads(db: Connection, statementId: number, after = 0, limit = HEADS_PER_PAGE): SignedHead[] {
	return db.select().from(ledgerHead).where(eq(ledgerHead.statementId, statementId)).orderBy(asc(ledgerHead.id)).limit(limit).offset(after).all().map(asSigned);
}

export function countHeads(db: Connection, statementId: number): number {
	return db.select({ n: countRows() }).from(ledgerHead).where(eq(ledgerHead.statementId, statementId)).get()!.n;
}

function asSigned(row: typeof ledgerHead.$inferSelect): SignedHead {
	return { treeSize: row.treeSize, rootHash: row.rootHash.toString('hex'), body: row.body, signature: row.signature.toString('base64'), signedAt: row.signedAt };
}

/** The counts after adding the leaves at positions [from, to) to `counts`. */
function addLeaves(db: Connection, statementId: number, counts: LedgerCounts, from: number, to: number): LedgerCounts {
	const sum: LedgerCounts = { signatures: counts.signatures, organizations: counts.organizations, countries: structuredClone(counts.countries) };
	const rows = db
		.select({ data: ledgerLeaf.data })
		.from(ledgerLeaf)
		.where(and(eq(ledgerLeaf.statementId, statementId), gt(ledgerLeaf.position, from - 1), lte(ledgerLeaf.position, to - 1)))
		.orderBy(asc(ledgerLeaf.position))
		.all();
	for (const { data } of rows) count(sum, JSON.parse(data) as Leaf);
	return sum;
}

/** Add one leaf's move to `counts`. */
export function count(counts: LedgerCounts, leaf: Pick<Leaf, 'kind' | 'delta' | 'country'>): void {
	const field = leaf.kind === 'signature' ? 'signatures' : 'organizations';
	counts[field] += leaf.delta;
	const country = (counts.countries[leaf.country] ??= { signatures: 0, organizations: 0 });
	country[field] += leaf.delta;
}

/** Countries in code order, none with nothing in it: the same counts always give the same bytes. */
function canonical(counts: LedgerCounts): LedgerCounts {
	const countries = Object.entries(counts.countries)
		.filter(([, c]) => c.signatures !== 0 || c.organizations !== 0)
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([code, c]) => [code, { signatures: c.signatures, organizations: c.organizations }]);
	return { signatures: counts.signatures, organizations: counts.organizations, countries: Object.fromEntries(countries) };
}

/**
 * Sign a head for the statement's log as it stands, if it grew since the last head (an empty log
 * gets none). The counts are the last head's plus the leaves since: what the log implies, computed
 * from the log. Returns the new head, or null when nothing changed. `andThen` runs in the same
 * transaction (an administrator's "sign now" is audited with the head it made).
 */
export function signHead(db: Db, statementId: number, now = new Date(), andThen?: (tx: Connection, head: SignedHead) => void): SignedHead | null {
	return db.transaction(
		(tx) => {
			const size = ledgerSize(tx, statementId);
			const last = latestHead(tx, statementId);
			if (size === (last?.treeSize ?? 0)) return null;
			const before: LedgerCounts = last ? (JSON.parse(last.body) as HeadBody).counts : { signatures: 0, organizations: 0, countries: {} };
			const head = writeHead(tx, statementId, size, addLeaves(tx, statementId, before, last?.treeSize ?? 0, size), now, last?.body ?? null);
			andThen?.(tx, head);
			return head;
		},
		{ behavior: 'immediate' }
	);
}

/** Sign and keep the head of the statement's first `size` leaves, which add up to `counts`, after the head whose body is `previous`. */
export function writeHead(tx: Connection, statementId: number, size: number, counts: LedgerCounts, now: Date, previous: string | null): SignedHead {
	const rootHash = ledgerTree(tx, statementId, size).root();
	// The first head may make the key; a later one must find the key the earlier ones were signed with.
	const mayCreate = previous === null;
	const head: HeadBody = {
		v: 1,
		statement: statementSlug(tx, statementId),
		treeSize: size,
		rootHash: rootHash.toString('hex'),
		time: now.toISOString(),
		counts: canonical(counts),
		previous: previous === null ? null : createHash('sha256').update(previous, 'utf8').digest('hex'),
		key: ledgerKeyFingerprint(mayCreate)
	};
	const body = JSON.stringify(head);
	const signature = sign(null, Buffer.from(body, 'utf8'), getLedgerKey(mayCreate).privateKey);
	tx.insert(ledgerHead).values({ statementId, treeSize: size, rootHash, body, signature, signedAt: now }).run();
	return { treeSize: size, rootHash: head.rootHash, body, signature: signature.toString('base64'), signedAt: now };
}

/** A head for every published statement whose log grew since its last head (the scheduled job, and an admin's button). */
export function signChangedHeads(db: Db, now = new Date()): number {
	const ids = db.select({ id: statement.id }).from(statement).where(sql`${statement.status} != 'draft'`).all();
	return ids.filter(({ id }) => signHead(db, id, now) !== null).length;
}

/** How often the job signs heads: LEDGER_HEAD_SECONDS (default ten minutes). */
export function getLedgerHeadSeconds(): number {
	const value = Number(process.env.LEDGER_HEAD_SECONDS);
	return Number.isFinite(value) && value > 0 ? value : 600;
}
