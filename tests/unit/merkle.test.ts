import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, leafHash, nodeHash, Tree, verifyConsistency, verifyInclusion } from '$lib/ledger/merkle';

// The RFC's definitions written out directly (recursion over the leaves themselves), to check the
// stored-subtree implementation against: nothing below is shared with $lib/ledger/merkle.
const sha = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
function mth(leaves: Uint8Array[]): Buffer {
	if (leaves.length === 0) return sha();
	if (leaves.length === 1) return sha(Buffer.of(0), leaves[0]);
	let k = 1;
	while (k * 2 < leaves.length) k *= 2;
	return sha(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: Uint8Array[]): Buffer[] {
	if (leaves.length <= 1) return [];
	let k = 1;
	while (k * 2 < leaves.length) k *= 2;
	return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}
function subproof(m: number, leaves: Uint8Array[], whole: boolean): Buffer[] {
	const n = leaves.length;
	if (m === n) return whole ? [] : [mth(leaves)];
	let k = 1;
	while (k * 2 < n) k *= 2;
	return m <= k ? [...subproof(m, leaves.slice(0, k), whole), mth(leaves.slice(k))] : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

/** A tree over these leaves the way the ledger keeps one: every complete subtree's hash stored. */
function storedTree(leaves: Uint8Array[]): Tree {
	const levels: Buffer[][] = [leaves.map((leaf) => leafHash(leaf))];
	while (levels[levels.length - 1].length > 1) {
		const below = levels[levels.length - 1];
		const above: Buffer[] = [];
		for (let i = 0; i + 1 < below.length; i += 2) above.push(nodeHash(below[i], below[i + 1]));
		levels.push(above);
	}
	let reads = 0;
	const tree = new Tree((level, index) => {
		reads++;
		const hash = levels[level]?.[index];
		if (!hash) throw new Error(`no complete subtree ${level}/${index}`);
		return hash;
	}, leaves.length);
	return Object.assign(tree, { reads: () => reads });
}

const leavesOf = (n: number, seed = 'leaf') => Array.from({ length: n }, (_, i) => Buffer.from(`${seed}-${i}`));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the ledger hashes as RFC 9162 says', () => {
	it('matches the known roots of the Certificate Transparency test leaves', () => {
		const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
		const roots = [
			'6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
			'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
			'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
			'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
			'4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
			'76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
			'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
			'5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'
		];
		for (let n = 1; n <= 8; n++) {
			expect(hex(storedTree(leaves.slice(0, n)).root()), `${n} leaves`).toBe(roots[n - 1]);
			expect(hex(mth(leaves.slice(0, n)))).toBe(roots[n - 1]);
		}
		expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
	});

	it('gives the root, every audit path and every consistency proof of the definitions, for every tree of 1 to 64 leaves', () => {
		const all = leavesOf(64);
		for (let n = 1; n <= 64; n++) {
			const leaves = all.slice(0, n);
			const tree = storedTree(leaves);
			const root = tree.root();
			expect(hex(root)).toBe(hex(mth(leaves)));
			for (let m = 0; m < n; m++) {
				const proof = tree.inclusionProof(m);
				expect(proof.map(hex)).toEqual(path(m, leaves).map(hex));
				expect(verifyInclusion(leafHash(leaves[m]), m, n, proof, root)).toBe(true);
			}
			for (let m = 1; m <= n; m++) {
				const proof = tree.consistencyProof(m);
				expect(proof.map(hex)).toEqual(subproof(m, leaves, true).map(hex));
				expect(verifyConsistency(m, n, proof, mth(leaves.slice(0, m)), root)).toBe(true);
			}
		}
	});

	it('refuses proofs that do not hold: another leaf, position, size or root, a hash changed or dropped', () => {
		const leaves = leavesOf(37);
		const tree = storedTree(leaves);
		const root = tree.root();
		const proof = tree.inclusionProof(20);
		expect(verifyInclusion(leafHash(leaves[20]), 20, 37, proof, root)).toBe(true);
		expect(verifyInclusion(leafHash(leaves[21]), 20, 37, proof, root)).toBe(false);
		expect(verifyInclusion(leafHash(leaves[20]), 21, 37, proof, root)).toBe(false);
		// (A size whose tree puts leaf 20 on another path; within the same 32-leaf subtree the path is the same, and the signed root binds the size.)
		expect(verifyInclusion(leafHash(leaves[20]), 20, 70, proof, root)).toBe(false);
		expect(verifyInclusion(leafHash(leaves[20]), 20, 37, proof, mth(leaves.slice(0, 36)))).toBe(false);
		expect(verifyInclusion(leafHash(leaves[20]), 20, 37, [randomBytes(32), ...proof.slice(1)], root)).toBe(false);
		expect(verifyInclusion(leafHash(leaves[20]), 20, 37, proof.slice(1), root)).toBe(false);
		expect(verifyInclusion(leafHash(leaves[20]), 37, 37, proof, root)).toBe(false);

		const consistency = tree.consistencyProof(13);
		const old = mth(leaves.slice(0, 13));
		expect(verifyConsistency(13, 37, consistency, old, root)).toBe(true);
		// A log that rewrote one of the 13 leaves it had already published cannot show consistency.
		const rewritten = [...leaves.slice(0, 5), Buffer.from('rewritten'), ...leaves.slice(6)];
		expect(verifyConsistency(13, 37, storedTree(rewritten).consistencyProof(13), old, storedTree(rewritten).root())).toBe(false);
		expect(verifyConsistency(13, 37, consistency.slice(1), old, root)).toBe(false);
		expect(verifyConsistency(12, 37, consistency, old, root)).toBe(false);
		expect(verifyConsistency(13, 37, [], old, root)).toBe(false);
		expect(verifyConsistency(37, 37, [], root, root)).toBe(true);
	});

	it('answers for random larger trees with a logarithmic number of stored hashes', () => {
		for (const n of [1_000, 4_097, 65_535, 100_003]) {
			const leaves = leavesOf(n, `big${n}`);
			const tree = storedTree(leaves) as Tree & { reads: () => number };
			const root = tree.root();
			for (const m of [0, 1, Math.floor(n / 3), n - 2, n - 1]) {
				const before = tree.reads();
				const proof = tree.inclusionProof(m);
				expect(tree.reads() - before).toBeLessThanOrEqual(4 * Math.ceil(Math.log2(n)) ** 2);
				expect(verifyInclusion(leafHash(leaves[m]), m, n, proof, root)).toBe(true);
			}
			for (const m of [1, 2, Math.floor(n / 2) + 1, n - 1]) {
				const before = tree.reads();
				const proof = tree.consistencyProof(m);
				expect(tree.reads() - before).toBeLessThanOrEqual(4 * Math.ceil(Math.log2(n)) ** 2);
				expect(verifyConsistency(m, n, proof, storedTree(leaves.slice(0, m)).root(), root)).toBe(true);
			}
		}
	});
});
