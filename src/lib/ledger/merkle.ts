/**
 * Merkle trees exactly as RFC 9162 (Certificate Transparency 2.0), section 2.1, defines them: a
 * leaf's hash is SHA-256(0x00 || leaf), a node's SHA-256(0x01 || left || right), and a tree of n
 * leaves splits at the largest power of two smaller than n. `Tree` reads the hashes of complete
 * (power-of-two, aligned) subtrees from storage, so a root or a proof costs O(log n) reads, never a
 * pass over the log. Proof verification is here too, written from the RFC's algorithms.
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

export function leafHash(leaf: Uint8Array): Hash {
	return createHash('sha256').update(Buffer.of(0x00)).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
	return createHash('sha256').update(Buffer.of(0x01)).update(left).update(right).digest();
}

/** The hash of an empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** Whether n is a power of two (without 32-bit bit tricks: logs may grow past 2^31). */
export function isPowerOfTwo(n: number): boolean {
	return n >= 1 && Number.isInteger(Math.log2(n));
}

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
	let k = 1;
	while (k * 2 < n) k *= 2;
	return k;
}

/**
 * The hash of the complete subtree of 2^level leaves starting at leaf `index × 2^level` (level 0:
 * a leaf's hash). Only asked for subtrees that exist whole in the tree being read.
 */
export type PerfectHashes = (level: number, index: number) => Hash;

export class Tree {
	/** Hashes of the ragged right edge (ranges that are no complete subtree), the same for every proof against this size. */
	readonly #edge = new Map<number, Hash>();

	constructor(
		private readonly perfect: PerfectHashes,
		readonly size: number
	) {}

	/** MTH(D[start : start + n]), for the ranges the RFC's recursion asks for (the left ones are aligned). */
	hashOf(start: number, n: number): Hash {
		if (n === 0) return EMPTY_ROOT;
		if (isPowerOfTwo(n) && start % n === 0) return this.perfect(Math.log2(n), start / n);
		// Only ranges that end at the tree's end are ragged: one per start.
		const edge = start + n === this.size;
		const known = edge ? this.#edge.get(start) : undefined;
		if (known) return known;
		const k = splitPoint(n);
		const hash = nodeHash(this.hashOf(start, k), this.hashOf(start + k, n - k));
		if (edge) this.#edge.set(start, hash);
		return hash;
	}

	root(): Hash {
		return this.hashOf(0, this.size);
	}

	/** PATH(m, D[0 : size]): the audit path of leaf m (RFC 9162, 2.1.3.1), nearest sibling first. */
	inclusionProof(m: number): Hash[] {
		if (m < 0 || m >= this.size) throw new RangeError(`no leaf ${m} in a tree of ${this.size}`);
		const path: Hash[] = [];
		let start = 0;
		let n = this.size;
		while (n > 1) {
			const k = splitPoint(n);
			if (m - start < k) {
				path.push(this.hashOf(start + k, n - k));
				n = k;
			} else {
				path.push(this.hashOf(start, k));
				start += k;
				n -= k;
			}
		}
		return path.reverse();
	}

	/** PROOF(m, D[0 : size]): that the tree of its first m leaves is a prefix of this one (RFC 9162, 2.1.4.1). */
	consistencyProof(m: number): Hash[] {
		if (m < 1 || m > this.size) throw new RangeError(`no consistency from ${m} to ${this.size}`);
		const proof: Hash[] = [];
		let start = 0;
		let n = this.size;
		let whole = true;
		while (m !== n) {
			const k = splitPoint(n);
			if (m <= k) {
				proof.push(this.hashOf(start + k, n - k));
				n = k;
			} else {
				proof.push(this.hashOf(start, k));
				start += k;
				m -= k;
				n -= k;
				whole = false;
			}
		}
		if (!whole) proof.push(this.hashOf(start, n));
		return proof.reverse();
	}
}

/** RFC 9162, 2.1.3.2: whether `proof` shows the leaf with this hash at `index` in the tree of `size` leaves with `root`. */
export function verifyInclusion(hash: Uint8Array, index: number, size: number, proof: Uint8Array[], root: Uint8Array): boolean {
	if (!Number.isInteger(index) || index < 0 || index >= size) return false;
	let fn = index;
	let sn = size - 1;
	let r: Uint8Array = hash;
	for (const p of proof) {
		if (sn === 0) return false;
		if (fn % 2 === 1 || fn === sn) {
			r = nodeHash(p, r);
			if (fn % 2 === 0) {
				while (fn % 2 === 0 && fn !== 0) {
					fn = Math.floor(fn / 2);
					sn = Math.floor(sn / 2);
				}
			}
		} else {
			r = nodeHash(r, p);
		}
		fn = Math.floor(fn / 2);
		sn = Math.floor(sn / 2);
	}
	return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/** RFC 9162, 2.1.4.2: whether `proof` shows the tree (size1, root1) is a prefix of the tree (size2, root2). */
export function verifyConsistency(size1: number, size2: number, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
	if (size1 > size2) return false;
	if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(Buffer.from(root2));
	if (size1 === 0) return proof.length === 0 && Buffer.from(root1).equals(EMPTY_ROOT);
	if (proof.length === 0) return false;
	const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
	let fn = size1 - 1;
	let sn = size2 - 1;
	while (fn % 2 === 1) {
		fn = Math.floor(fn / 2);
		sn = Math.floor(sn / 2);
	}
	let fr: Uint8Array = path[0];
	let sr: Uint8Array = path[0];
	for (const c of path.slice(1)) {
		if (sn === 0) return false;
		if (fn % 2 === 1 || fn === sn) {
			fr = nodeHash(c, fr);
			sr = nodeHash(c, sr);
			if (fn % 2 === 0) {
				while (fn % 2 === 0 && fn !== 0) {
					fn = Math.floor(fn / 2);
					sn = Math.floor(sn / 2);
				}
			}
		} else {
			sr = nodeHash(sr, c);
		}
		fn = Math.floor(fn / 2);
		sn = Math.floor(sn / 2);
	}
	return sn === 0 && Buffer.from(fr).equals(Buffer.from(root1)) && Buffer.from(sr).equals(Buffer.from(root2));
}
