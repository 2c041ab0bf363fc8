/**
 * Checking one receipt against the ledger where it is read: in the signer's browser (WebCrypto,
 * no trust in the server's word) and in Node the same way. What it checks: the latest head is
 * signed by the published key and names it; each leaf of the receipt is the receipt's and is in
 * that head (an RFC 9162 inclusion proof against the signed root).
 */

export type ProofAnswer = {
	receipt: string;
	head: { treeSize: number; rootHash: string; body: string; signature: string } | null;
	proofs: { position: number; data: string; path: string[] }[];
	/** Without proofs: whether the receipt has leaves not yet in a signed head. */
	pending?: boolean;
};

export type ReceiptCheck =
	| { status: 'verified'; treeSize: number; time: string; signatures: number; organizations: number; counted: boolean; kind: 'signature' | 'organization'; events: string[]; fingerprint: string }
	| { status: 'not-yet' }
	| { status: 'unknown' }
	| { status: 'failed'; problem: 'signature' | 'key' | 'leaf' | 'inclusion' };

const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => new Uint8Array((text.match(/../g) ?? []).map((h) => parseInt(h, 16)));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
	const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		all.set(part, at);
		at += part.length;
	}
	return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

const leafHash = (data: Uint8Array) => sha256(Uint8Array.of(0), data);
const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

/** RFC 9162, 2.1.3.2. */
async function included(hash: Uint8Array, index: number, size: number, path: Uint8Array[], root: Uint8Array): Promise<boolean> {
	if (!Number.isInteger(index) || index < 0 || index >= size) return false;
	let fn = index;
	let sn = size - 1;
	let r = hash;
	for (const p of path) {
		if (sn === 0) return false;
		if (fn % 2 === 1 || fn === sn) {
			r = await nodeHash(p, r);
			while (fn % 2 === 0 && fn !== 0) {
				fn = Math.floor(fn / 2);
				sn = Math.floor(sn / 2);
			}
		} else {
			r = await nodeHash(r, p);
		}
		fn = Math.floor(fn / 2);
		sn = Math.floor(sn / 2);
	}
	return sn === 0 && hex(r) === hex(root);
}

/** Check a receipt's proofs (the ledger's /proof answer) with the published key (raw Ed25519, base64). */
export async function checkReceipt(answer: ProofAnswer, publicKey: string): Promise<ReceiptCheck> {
	if (!answer.head || answer.proofs.length === 0) return { status: answer.pending ? 'not-yet' : 'unknown' };
	const head = answer.head;
	const keyBytes = fromBase64(publicKey);
	const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'Ed25519' }, false, ['verify']);
	const signed = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(head.signature), utf8(head.body));
	if (!signed) return { status: 'failed', problem: 'signature' };
	const body = JSON.parse(head.body) as { treeSize: number; rootHash: string; time: string; key: string; counts: { signatures: number; organizations: number } };
	const fingerprint = hex(await sha256(keyBytes));
	if (body.key !== fingerprint) return { status: 'failed', problem: 'key' };
	let total = 0;
	let kind: 'signature' | 'organization' = 'signature';
	const events: string[] = [];
	for (const proof of answer.proofs) {
		const leaf = JSON.parse(proof.data) as { receipt: string; delta: number; event: string; kind: 'signature' | 'organization' };
		if (leaf.receipt !== answer.receipt) return { status: 'failed', problem: 'leaf' };
		const ok = await included(await leafHash(utf8(proof.data)), proof.position, body.treeSize, proof.path.map(fromHex), fromHex(body.rootHash));
		if (!ok) return { status: 'failed', problem: 'inclusion' };
		total += leaf.delta;
		kind = leaf.kind;
		events.push(leaf.event);
	}
	return {
		status: 'verified',
		treeSize: body.treeSize,
		time: body.time,
		signatures: body.counts.signatures,
		organizations: body.counts.organizations,
		counted: total > 0,
		kind,
		events,
		fingerprint
	};
}
