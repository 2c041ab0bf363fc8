import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { ledgerLeaf, signature } from '$lib/server/db/schema';
import { leafHash, verifyConsistency, verifyInclusion } from '$lib/ledger/merkle';
import { getLedgerKey, ledgerKeyFingerprint, listHeads, resetLedgerKey, signHead, type HeadBody } from '$lib/server/ledger/heads';
import { ledgerTree } from '$lib/server/ledger/leaves';
import { proveConsistency, proveReceipt } from '$lib/server/ledger/queries';
import { checkReceipt } from '$lib/ledger/check';
import { startLedgers } from '$lib/server/ledger/start';
import { withdrawSignature } from '$lib/server/signatures/commands';
import { moderateSignature } from '$lib/server/signatures/moderation';
import { getCounts } from '$lib/server/statements/counters';
import { createStaffUser } from '$lib/server/staff/accounts';
import { makeTempDir, openTestDb } from './helpers/db';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { erasePersonalData, requestDataAccess } from '$lib/server/privacy/data-requests';
import { endorsement, mailOutbox } from '$lib/server/db/schema';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { reviewEndorsement } from '$lib/server/endorsements/review';
import { renderMail } from '$lib/server/mail/templates';
import { endorse } from './helpers/endorsing';
import { recountLedger } from './helpers/ledger';
import { confirmByLink, lastToken, ORIGIN, seededStatement, sign, signatureRows } from './helpers/signing';

/** The withdraw token in the thank-you email to this address. */
function lastTokenFor(db: Db, email: string): string {
	const mail = db.select().from(mailOutbox).all().reverse().find((m) => m.to === email && m.payload.withdrawLink)!;
	return mail.payload.withdrawLink.split('/').pop()!;
}

const leavesOf = (db: Db, statementId: number) =>
	db.select().from(ledgerLeaf).where(eq(ledgerLeaf.statementId, statementId)).orderBy(ledgerLeaf.position).all();

/** Sign and confirm; returns the signature's row. */
function confirmed(db: Db, email: string, country = 'AZ', at = new Date('2026-12-05T14:37:12Z')) {
	sign(db, { email, country });
	confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, at);
	return signatureRows(db).find((row) => row.email === email)!;
}

describe('the public ledger', () => {
	it('gets one leaf for a confirmation, in canonical bytes, with nothing personal in it', () => {
		const db = openTestDb();
		const row = confirmed(db, 'ayla@example.org', 'AZ');
		expect(row.receipt).toMatch(/^[0-9a-f]{32}$/);
		const [leaf] = leavesOf(db, row.statementId);
		expect(leaf.data).toBe(
			`{"v":1,"statement":"mine-contaminated-areas","kind":"signature","event":"confirm","delta":1,"country":"AZ","hour":"2026-12-05T14:00Z","reason":null,"receipt":"${row.receipt}"}`
		);
		expect(leaf.hash.equals(leafHash(Buffer.from(leaf.data, 'utf8')))).toBe(true);
		expect(leaf.receipt).toBe(row.receipt);
		for (const personal of ['ayla', 'example.org', 'Məmmədova']) expect(leaf.data.toLowerCase()).not.toContain(personal.toLowerCase());
		expect(Object.keys(JSON.parse(leaf.data))).toEqual(['v', 'statement', 'kind', 'event', 'delta', 'country', 'hour', 'reason', 'receipt']);
	});

	it('records every move of a count, and nothing that moves none', async () => {
		const db = openTestDb();
		const a = confirmed(db, 'a@example.org', 'AZ');
		const withdrawA = lastToken(db, 'withdraw');
		const b = confirmed(db, 'b@example.org', 'DE');
		// Signed and withdrawn without confirming: no count moved, no leaf.
		sign(db, { email: 'pending@example.org' });
		withdrawSignature(db, lastToken(db, 'withdraw'));
		// Withdrawn by the signer, invalidated and restored by a moderator, hidden (still counted).
		withdrawSignature(db, withdrawA);
		const moderator = await createStaffUser(db, { email: 'mod@example.org', name: 'Mod', role: 'moderator' });
		moderateSignature(db, b.id, 'invalidate', { actor: moderator, reason: 'same person as #12, see the mail of 3 Dec', reasonCode: 'duplicate' });
		moderateSignature(db, b.id, 'restore', { actor: moderator });
		moderateSignature(db, b.id, 'hide', { actor: moderator });
		const events = leavesOf(db, a.statementId).map((leaf) => JSON.parse(leaf.data) as { event: string; delta: number; receipt: string; reason: string | null });
		expect(events.map((e) => [e.event, e.delta])).toEqual([
			['confirm', 1],
			['confirm', 1],
			['withdraw', -1],
			['invalidate', -1],
			['restore', 1]
		]);
		expect(events[3].receipt).toBe(b.receipt);
		// The reason code is public; the moderator's own words are not.
		const leaves = leavesOf(db, a.statementId).map((leaf) => leaf.data);
		expect(JSON.parse(leaves[3]).reason).toBe('duplicate');
		expect(JSON.parse(leaves[4]).reason).toBeNull();
		expect(leaves.join('')).not.toContain('same person');
		const ledger = recountLedger(db, a.statementId);
		expect(ledger.signatures).toBe(getCounts(db, a.statementId).signatures);
		expect(ledger.signaturesByCountry).toEqual({ DE: 1 });
	});

	it('signs heads that the published key verifies, only when the log grew, each consistent with the one before', () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		expect(signHead(db, statementId)).toBeNull();
		confirmed(db, 'a@example.org', 'AZ');
		confirmed(db, 'b@example.org', 'AZ');
		const first = signHead(db, statementId, new Date('2026-12-05T15:00:00Z'))!;
		expect(signHead(db, statementId)).toBeNull();
		for (let i = 0; i < 5; i++) confirmed(db, `c${i}@example.org`, 'TR');
		withdrawSignature(db, lastToken(db, 'withdraw'));
		const second = signHead(db, statementId, new Date('2026-12-05T15:10:00Z'))!;

		const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), getLedgerKey().publicKey]), format: 'der', type: 'spki' });
		for (const head of [first, second]) {
			expect(verify(null, Buffer.from(head.body, 'utf8'), key, Buffer.from(head.signature, 'base64'))).toBe(true);
			expect(verify(null, Buffer.from(head.body.replace('"signatures":', '"signatures":1'), 'utf8'), key, Buffer.from(head.signature, 'base64'))).toBe(false);
		}
		const body = JSON.parse(second.body) as HeadBody;
		expect(body).toMatchObject({ v: 1, statement: 'mine-contaminated-areas', treeSize: 8, time: '2026-12-05T15:10:00.000Z' });
		expect(JSON.parse(first.body).previous).toBeNull();
		expect(body.previous).toBe(createHash('sha256').update(first.body).digest('hex'));
		expect(body.counts).toEqual({ signatures: 6, organizations: 0, countries: { AZ: { signatures: 2, organizations: 0 }, TR: { signatures: 4, organizations: 0 } } });
		expect(body.counts.signatures).toBe(getCounts(db, statementId).signatures);
		expect(listHeads(db, statementId).map((h) => h.treeSize)).toEqual([2, 8]);

		const proof = proveConsistency(db, statementId, first.treeSize, second.treeSize).map((h) => Buffer.from(h, 'hex'));
		expect(verifyConsistency(2, 8, proof, Buffer.from(first.rootHash, 'hex'), Buffer.from(second.rootHash, 'hex'))).toBe(true);
	});

	it("proves a signer's receipt against the latest head", () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		for (let i = 0; i < 11; i++) confirmed(db, `s${i}@example.org`);
		const mine = signatureRows(db).find((row) => row.email === 's6@example.org')!;
		expect(proveReceipt(db, statementId, mine.receipt!)).toBeNull();
		const head = signHead(db, statementId)!;
		const proved = proveReceipt(db, statementId, mine.receipt!)!;
		expect(proved.proofs).toHaveLength(1);
		const [{ position, data, path }] = proved.proofs;
		expect(JSON.parse(data).receipt).toBe(mine.receipt);
		expect(verifyInclusion(leafHash(Buffer.from(data, 'utf8')), position, head.treeSize, path.map((h) => Buffer.from(h, 'hex')), Buffer.from(head.rootHash, 'hex'))).toBe(true);
		expect(proveReceipt(db, statementId, '0'.repeat(32))).toBeNull();
	});

	it("checks a receipt as the signer's browser does (WebCrypto), and refuses a forged head or proof", async () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		for (let i = 0; i < 6; i++) confirmed(db, `w${i}@example.org`, 'AZ');
		const mine = signatureRows(db).find((row) => row.email === 'w3@example.org')!;
		const publicKey = getLedgerKey().publicKey.toString('base64');
		const answer = () => {
			const proved = proveReceipt(db, statementId, mine.receipt!);
			return { receipt: mine.receipt!, head: proved?.head ?? null, proofs: proved?.proofs ?? [], pending: !proved };
		};
		expect(await checkReceipt(answer(), publicKey)).toEqual({ status: 'not-yet' });
		expect(await checkReceipt({ receipt: '1'.repeat(32), head: null, proofs: [], pending: false }, publicKey)).toEqual({ status: 'unknown' });
		signHead(db, statementId);
		expect(await checkReceipt(answer(), publicKey)).toMatchObject({ status: 'verified', counted: true, signatures: 6, treeSize: 6, events: ['confirm'], fingerprint: ledgerKeyFingerprint() });
		const forged = answer();
		forged.head!.body = forged.head!.body.replace('"signatures":6', '"signatures":7');
		expect(await checkReceipt(forged, publicKey)).toEqual({ status: 'failed', problem: 'signature' });
		const moved = answer();
		moved.proofs[0].path[0] = '00'.repeat(32);
		expect(await checkReceipt(moved, publicKey)).toEqual({ status: 'failed', problem: 'inclusion' });
		const other = answer();
		other.receipt = '0'.repeat(32);
		expect(await checkReceipt(other, publicKey)).toEqual({ status: 'failed', problem: 'leaf' });
		// Withdrawn later: still in the ledger, no longer counted.
		withdrawSignature(db, lastTokenFor(db, 'w3@example.org'));
		signHead(db, statementId);
		expect(await checkReceipt(answer(), publicKey)).toMatchObject({ status: 'verified', counted: false, events: ['confirm', 'withdraw'] });
	});

	it("gives an organization's contact its receipt in the approval email, and the check says it is the organization that is counted", async () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		endorse(db, { name: 'Minaxı Yardım', country: 'AZ' });
		const confirm = db.select().from(mailOutbox).all().find((m) => m.payload.confirmLink?.includes('/endorsement/'))!;
		expect(verifyEndorsement(db, confirm.payload.confirmLink!.split('/').pop()!, ORIGIN).status).toBe('verified');
		const moderator = await createStaffUser(db, { email: 'mod@example.org', name: 'Mod', role: 'moderator' });
		// Made before receipts existed: it gets one as it is approved, in time for the email.
		db.update(endorsement).set({ receipt: null }).run();
		const [before] = db.select().from(endorsement).all();
		expect(reviewEndorsement(db, before.id, 'approve', { actor: moderator, origin: ORIGIN })).toBe(true);
		const [row] = db.select().from(endorsement).all();
		expect(row.receipt).toMatch(/^[0-9a-f]{32}$/);
		const approved = db.select().from(mailOutbox).all().find((m) => m.template === 'endorse_approved')!;
		expect(approved.payload.receipt).toBe(row.receipt);
		expect(approved.payload.ledgerLink).toBe(`${ORIGIN}/de/statements/mine-contaminated-areas/ledger/check?receipt=${row.receipt}`);
		const rendered = renderMail('endorse_approved', approved.locale, approved.payload);
		expect(rendered.text).toContain(row.receipt!);
		expect(rendered.text).toContain(approved.payload.ledgerLink!);
		signHead(db, statementId);
		const proved = proveReceipt(db, statementId, row.receipt!)!;
		const answer = { receipt: row.receipt!, head: proved.head, proofs: proved.proofs, pending: false };
		expect(await checkReceipt(answer, getLedgerKey().publicKey.toString('base64'))).toMatchObject({ status: 'verified', counted: true, kind: 'organization', organizations: 1, events: ['approve'] });
	});

	it('keeps the hash of every complete subtree as leaves arrive, so a root costs a few reads', () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		for (let i = 0; i < 37; i++) confirmed(db, `n${i}@example.org`);
		const nodes = db.$client.prepare('SELECT count(*) FROM ledger_node WHERE statement_id = ?').pluck().get(statementId) as number;
		// A tree of n leaves has n − popcount(n) complete subtrees above its leaves.
		expect(nodes).toBe(37 - 3);
		// The root from the stored subtrees is the RFC's root of the leaves' bytes.
		const sha = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
		const mth = (leaves: Buffer[]): Buffer => {
			if (leaves.length === 1) return sha(Buffer.of(0), leaves[0]);
			let k = 1;
			while (k * 2 < leaves.length) k *= 2;
			return sha(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
		};
		const bytes = leavesOf(db, statementId).map((leaf) => Buffer.from(leaf.data, 'utf8'));
		expect(ledgerTree(db, statementId).root().equals(mth(bytes))).toBe(true);
	});

	it('starts the ledger of a deployment that had signatures before it, once, and the first head carries their counts', () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		for (let i = 0; i < 4; i++) confirmed(db, `old${i}@example.org`, i % 2 ? 'AZ' : 'DE');
		sign(db, { email: 'unconfirmed@example.org' });
		// As an upgraded database finds itself: signatures, no ledger, one row without a receipt.
		db.$client.exec('DELETE FROM ledger_node; DELETE FROM ledger_leaf; DELETE FROM ledger_head');
		db.update(signature).set({ receipt: null }).where(eq(signature.email, 'old0@example.org')).run();
		expect(startLedgers(db)).toEqual({ statements: 1, leaves: 4 });
		expect(startLedgers(db)).toEqual({ statements: 0, leaves: 0 });
		const leaves = leavesOf(db, statementId).map((leaf) => JSON.parse(leaf.data) as { event: string; receipt: string });
		expect(leaves.map((leaf) => leaf.event)).toEqual(['start', 'start', 'start', 'start']);
		const receipts = signatureRows(db).filter((row) => row.state === 'confirmed').map((row) => row.receipt);
		expect(receipts.every((r) => /^[0-9a-f]{32}$/.test(r ?? ''))).toBe(true);
		expect(leaves.map((leaf) => leaf.receipt).sort()).toEqual(receipts.sort());
		const [head] = listHeads(db, statementId);
		expect(JSON.parse(head.body).counts).toEqual({ signatures: 4, organizations: 0, countries: { AZ: { signatures: 2, organizations: 0 }, DE: { signatures: 2, organizations: 0 } } });
		// And the next confirmation continues the same log.
		confirmed(db, 'new@example.org', 'AZ');
		expect(recountLedger(db, statementId).signatures).toBe(getCounts(db, statementId).signatures);
	});

	it('records an erasure as the withdrawal it amounts to: the public log does not say who asked', async () => {
		const db = openTestDb();
		const row = confirmed(db, 'nigar@example.org', 'DE');
		await requestDataAccess(db, 'nigar@example.org', 'en', ORIGIN);
		const link = db.select().from(mailOutbox).all().find((m) => m.template === 'data_request')!.payload.dataLink;
		expect(erasePersonalData(db, link.split('/').pop()!)).toBe(1);
		expect(leavesOf(db, row.statementId).map((leaf) => JSON.parse(leaf.data).event)).toEqual(['confirm', 'withdraw']);
	});
});

describe("the ledger's key", () => {
	const saved = process.env.DATABASE_URL;
	afterEach(() => {
		process.env.DATABASE_URL = saved;
		resetLedgerKey();
	});

	it('is made once into the data folder, readable by its owner alone, named in every head, and never silently replaced', () => {
		const dir = makeTempDir();
		process.env.DATABASE_URL = join(dir, 'undersigned.db');
		resetLedgerKey();
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		confirmed(db, 'a@example.org');
		const head = signHead(db, statementId)!;
		const file = join(dir, 'ledger-key.pem');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(JSON.parse(head.body).key).toBe(ledgerKeyFingerprint());
		// Restored without its key: nothing is signed with a new one, and the error says what to do.
		rmSync(file);
		resetLedgerKey();
		confirmed(db, 'b@example.org');
		expect(() => signHead(db, statementId)).toThrow(/restore ledger-key\.pem/);
		expect(existsSync(file)).toBe(false);
	});
});
