#!/usr/bin/env node
// Check an Undersigned ledger from outside, trusting nothing the server says without proof.
//
//   node scripts/verify-ledger.mjs https://sign.example.org mine-contaminated-areas [--key <fingerprint>] [--state <file>]
//
// Needs Node 20 or newer and nothing else. It fetches the signing key, every signed tree head and
// every leaf of the statement's public ledger, and checks that:
//   - each head is signed by the published key (Ed25519), names that key, and names the head
//     before it (a chain: none can be taken out of the list unseen);
//   - each leaf is in the documented canonical form and says nothing but what a leaf may say, and
//     each receipt's leaves add up to 0 or 1 at every point (nothing counted twice);
//   - each head's root is the RFC 9162 Merkle root of the first treeSize leaves, so every head is a
//     prefix of the next (and the server's own consistency proof from the first head to the last holds);
//   - the counts each head states are exactly what its leaves add up to, and the counts the site
//     shows now are the latest head's plus the leaves since.
// What it cannot see alone: an operator holding the key could rebuild the whole log. Pin the key
// (--key, the fingerprint printed in the dossier and on the ledger page) and keep the last head you
// verified (--state: read if the file exists, then written after a successful run): the next run
// requires that head in the log, so no history you have seen can be rewritten unnoticed.
// It prints a short verdict and exits with 0 when everything holds, 1 when anything does not.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name) => {
	const at = args.indexOf(name);
	if (at === -1) return null;
	const [value] = args.splice(at, 2).slice(1);
	return value ?? null;
};
const pinnedKey = option('--key');
const stateFile = option('--state');
const [base, slug] = args;
if (!base || !slug) {
	console.error('usage: node verify-ledger.mjs <site address> <statement slug> [--key <fingerprint>] [--state <file>]');
	process.exit(2);
}
const api = `${base.replace(/\/+$/, '')}/api/v1`;
const problems = [];
const fail = (message) => problems.push(message);

async function get(path) {
	const response = await fetch(`${api}${path}`);
	if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
	return response.json();
}

const sha = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const leafHash = (bytes) => sha(Buffer.of(0), bytes);
const nodeHash = (left, right) => sha(Buffer.of(1), left, right);

// RFC 9162, 2.1.4.2.
function verifyConsistency(size1, size2, proof, root1, root2) {
	if (size1 === size2) return proof.length === 0 && root1.equals(root2);
	if (size1 === 0 || proof.length === 0 || size1 > size2) return false;
	const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
	let fn = size1 - 1;
	let sn = size2 - 1;
	while (fn % 2 === 1) {
		fn = Math.floor(fn / 2);
		sn = Math.floor(sn / 2);
	}
	let fr = path[0];
	let sr = path[0];
	for (const c of path.slice(1)) {
		if (sn === 0) return false;
		if (fn % 2 === 1 || fn === sn) {
			fr = nodeHash(c, fr);
			sr = nodeHash(c, sr);
			while (fn % 2 === 0 && fn !== 0) {
				fn = Math.floor(fn / 2);
				sn = Math.floor(sn / 2);
			}
		} else {
			sr = nodeHash(sr, c);
		}
		fn = Math.floor(fn / 2);
		sn = Math.floor(sn / 2);
	}
	return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

/** The leaves appended so far as complete subtrees, largest first: the root of any prefix in O(log n). */
class CompactRange {
	stack = [];
	size = 0;
	push(hash) {
		let h = hash;
		for (let n = this.size; n % 2 === 1; n = (n - 1) / 2) h = nodeHash(this.stack.pop(), h);
		this.stack.push(h);
		this.size++;
	}
	root() {
		if (this.size === 0) return sha();
		let r = this.stack[this.stack.length - 1];
		for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i], r);
		return r;
	}
}

const LEAF_KEYS = ['v', 'statement', 'kind', 'event', 'delta', 'country', 'hour', 'reason', 'receipt'];
const EVENTS = ['start', 'confirm', 'withdraw', 'invalidate', 'reject', 'restore', 'approve', 'remove', 'edit'];
/** Each receipt's running total and kind: a signature counts once or not at all. */
const receipts = new Map();
/** The newest head checked, kept in --state after a successful run. */
let newest = null;
function checkLeaf(position, data) {
	let leaf;
	try {
		leaf = JSON.parse(data);
	} catch {
		return fail(`leaf ${position} is not JSON`);
	}
	const canonical = JSON.stringify(Object.fromEntries(LEAF_KEYS.map((key) => [key, leaf[key]])));
	if (canonical !== data) fail(`leaf ${position} is not in the canonical form (keys, order, spacing)`);
	if (leaf.v !== 1 || leaf.statement !== slug) fail(`leaf ${position} is not a version 1 leaf of ${slug}`);
	if (!['signature', 'organization'].includes(leaf.kind) || ![1, -1].includes(leaf.delta)) fail(`leaf ${position} has kind ${leaf.kind} and delta ${leaf.delta}`);
	if (!/^[A-Z]{2}$/.test(leaf.country) || !/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/.test(leaf.hour) || !/^[0-9a-f]{32}$/.test(leaf.receipt)) fail(`leaf ${position} has a malformed country, hour or receipt`);
	if (!EVENTS.includes(leaf.event) || !(leaf.reason === null || /^[a-z_]{1,40}$/.test(leaf.reason))) fail(`leaf ${position} has an unknown event or reason`);
	const seen = receipts.get(leaf.receipt) ?? { total: 0, kind: leaf.kind };
	seen.total += leaf.delta;
	if (seen.kind !== leaf.kind || seen.total < 0 || seen.total > 1) fail(`leaf ${position}: receipt ${leaf.receipt} would count ${seen.total} times (or changed kind)`);
	receipts.set(leaf.receipt, seen);
	return leaf;
}

const emptyCounts = () => ({ signatures: 0, organizations: 0, countries: {} });
function addLeaf(counts, leaf) {
	const field = leaf.kind === 'signature' ? 'signatures' : 'organizations';
	counts[field] += leaf.delta;
	const country = (counts.countries[leaf.country] ??= { signatures: 0, organizations: 0 });
	country[field] += leaf.delta;
}
function canonicalCounts(counts) {
	const countries = Object.entries(counts.countries)
		.filter(([, c]) => c.signatures !== 0 || c.organizations !== 0)
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([code, c]) => [code, { signatures: c.signatures, organizations: c.organizations }]);
	return JSON.stringify({ signatures: counts.signatures, organizations: counts.organizations, countries: Object.fromEntries(countries) });
}

try {
	let page = await get(`/statements/${slug}/ledger/heads`);
	const { publicKey } = page;
	const heads = [...page.heads];
	while (page.next) {
		page = await get(page.next.replace(/^\/api\/v1/, ''));
		heads.push(...page.heads);
	}
	if (heads.length === 0 || !publicKey) throw new Error('the ledger has no signed head yet');
	const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey, 'base64')]), format: 'der', type: 'spki' });
	const fingerprint = sha(Buffer.from(publicKey, 'base64')).toString('hex');
	if (pinnedKey && pinnedKey.toLowerCase() !== fingerprint) fail(`the site's key (${fingerprint}) is not the key you pinned (${pinnedKey})`);
	const known = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null;
	if (known && !heads.some((head) => head.body === known.body && head.signature === known.signature)) {
		fail(`the head you verified before (size ${JSON.parse(known.body).treeSize}, ${JSON.parse(known.body).time}) is no longer in the log: its history was rewritten`);
	}

	const bodies = heads.map((head, i) => {
		if (!verify(null, Buffer.from(head.body, 'utf8'), key, Buffer.from(head.signature, 'base64'))) fail(`head ${i + 1} (size ${head.treeSize}): the signature does not verify`);
		const body = JSON.parse(head.body);
		if (body.treeSize !== head.treeSize || body.rootHash !== head.rootHash || body.statement !== slug) fail(`head ${i + 1}: what is listed differs from what is signed`);
		const canonical = JSON.stringify({ v: body.v, statement: body.statement, treeSize: body.treeSize, rootHash: body.rootHash, time: body.time, counts: JSON.parse(canonicalCounts(body.counts ?? emptyCounts())), previous: body.previous, key: body.key });
		if (canonical !== head.body) fail(`head ${i + 1} is not in the canonical form`);
		if (body.key !== fingerprint) fail(`head ${i + 1} names another key (${body.key}) than the one published`);
		if (i > 0 && body.treeSize < JSON.parse(heads[i - 1].body).treeSize) fail(`head ${i + 1} is smaller than the head before it`);
		// The chain: each head names the one before it, so none can be taken out unseen.
		const previous = i === 0 ? null : sha(Buffer.from(heads[i - 1].body, 'utf8')).toString('hex');
		if (body.previous !== previous) fail(`head ${i + 1} (size ${head.treeSize}) does not follow the head listed before it: a head is missing or out of order`);
		return body;
	});

	const last = bodies.at(-1)?.treeSize ?? 0;
	const range = new CompactRange();
	const counts = emptyCounts();
	let next = 0;
	for (let from = 0; from < last; ) {
		const page = await get(`/statements/${slug}/ledger/leaves?from=${from}&to=${last}`);
		if (page.leaves.length === 0) {
			fail(`the server gave no leaves from ${from}, though a head covers ${last}`);
			break;
		}
		for (const { position, data } of page.leaves) {
			if (position !== range.size) fail(`leaf ${position} came where leaf ${range.size} was expected`);
			const leaf = checkLeaf(position, data);
			range.push(leafHash(Buffer.from(data, 'utf8')));
			if (leaf) addLeaf(counts, leaf);
			// Every head of this size: its root and its counts.
			while (next < bodies.length && bodies[next].treeSize === range.size) {
				const body = bodies[next];
				if (range.root().toString('hex') !== body.rootHash) fail(`head ${next + 1} (size ${body.treeSize}): its root is not the root of the first ${body.treeSize} leaves`);
				if (canonicalCounts(counts) !== JSON.stringify(body.counts)) fail(`head ${next + 1} (size ${body.treeSize}): its counts are not what its leaves add up to`);
				next++;
			}
		}
		from = range.size;
	}
	if (next < bodies.length) fail(`${bodies.length - next} head(s) were not reached by the leaves`);

	// The server's own consistency proof, from the first head to the last (every root in between was recomputed above).
	if (bodies.length > 1) {
		const [a, b] = [bodies[0], bodies.at(-1)];
		const { proof } = await get(`/statements/${slug}/ledger/consistency?from=${a.treeSize}&to=${b.treeSize}`);
		const ok = verifyConsistency(a.treeSize, b.treeSize, proof.map((h) => Buffer.from(h, 'hex')), Buffer.from(a.rootHash, 'hex'), Buffer.from(b.rootHash, 'hex'));
		if (!ok) fail(`the server's consistency proof from the first head to the last does not hold`);
	}

	// What the site shows now: the latest head's counts plus the leaves since (signed at the next head).
	const shown = async () => {
		const [{ size }, statement] = await Promise.all([get(`/statements/${slug}/ledger/leaves?from=0&to=0`), get(`/statements/${slug}`)]);
		const since = emptyCounts();
		since.signatures = counts.signatures;
		since.organizations = counts.organizations;
		since.countries = structuredClone(counts.countries);
		for (let from = range.size; from < size; ) {
			const more = await get(`/statements/${slug}/ledger/leaves?from=${from}&to=${size}`);
			if (more.leaves.length === 0) break;
			for (const { data } of more.leaves) addLeaf(since, JSON.parse(data));
			from += more.leaves.length;
		}
		const byCountry = Object.fromEntries(Object.entries(since.countries).filter(([, c]) => c.signatures !== 0).map(([code, c]) => [code, c.signatures]).sort(([a], [b]) => (a < b ? -1 : 1)));
		const site = Object.fromEntries(Object.entries(statement.byCountry).sort(([a], [b]) => (a < b ? -1 : 1)));
		return { size, agrees: statement.signatures === since.signatures && statement.organizations.count === since.organizations && JSON.stringify(site) === JSON.stringify(byCountry), statement, since };
	};
	let now = await shown();
	// The site's numbers are shared for a few seconds and people keep signing: a signature in
	// between is no discrepancy, so a mismatch is asked again a few times before it counts.
	for (let attempt = 1; !now.agrees && attempt < 6; attempt++) {
		await new Promise((resolve) => setTimeout(resolve, 5000));
		now = await shown();
	}
	if (!now.agrees) fail(`the site shows ${now.statement.signatures} signatures and ${now.statement.organizations.count} organizations, but its ledger adds up to ${now.since.signatures} and ${now.since.organizations}`);
	const unsigned = now.size - range.size;
	const age = bodies.length ? Date.now() - Date.parse(bodies.at(-1).time) : 0;
	if (unsigned > 0 && age > 60 * 60 * 1000) console.log(`  warning: ${unsigned} leaves are not yet in a signed head, and the latest head is ${Math.round(age / 60000)} minutes old`);

	newest = heads.at(-1);
	const latest = bodies.at(-1);
	console.log(`Ledger of "${slug}" at ${base}`);
	console.log(`  key fingerprint (SHA-256): ${fingerprint}`);
	console.log(`  ${heads.length} signed head(s), ${range.size} leaves checked`);
	if (latest) console.log(`  latest head: ${latest.treeSize} leaves, ${latest.counts.signatures} signatures, ${latest.counts.organizations} organizations, signed ${latest.time}`);
} catch (error) {
	fail(`could not read the ledger: ${error.message}`);
}
if (problems.length === 0) {
	if (stateFile && newest) writeFileSync(stateFile, JSON.stringify({ body: newest.body, signature: newest.signature }));
	console.log('VERIFIED: every head is signed by the published key, every head extends the one before, and every count is what the leaves add up to.');
	process.exit(0);
}
console.log(`NOT VERIFIED (${problems.length} problem(s)):`);
for (const problem of problems.slice(0, 20)) console.log(`  - ${problem}`);
process.exit(1);
