// One load case, run in its own process so that the load generator never shares a thread with
// the server: `node scripts/bench/load.js '<json>'`. Prints autocannon's result as JSON.
import { createRequire } from 'node:module';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import autocannon from 'autocannon';

// autocannon appends every response body to a string that nothing here reads (no body is
// verified). Decoding a 12 KB gzipped page as UTF-8 that way cost the generator more than the
// server spent answering it; the generator, not the server, set the statement page's figure.
// Turned off for every case and for the bare ceiling alike.
const PipelinedRequestsQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js');
PipelinedRequestsQueue.prototype.addBody = () => {};

/** @type {{ url: string; connections: number; seconds: number; warmup: number; kind: string; amount?: number; minFillSeconds?: number; paths?: string[]; headers?: Record<string, string>; origin?: string; slug?: string; tokens?: { prefix: string; digits: number; from: number; count: number }; run?: string }} */
const config = JSON.parse(process.argv[2]);
let n = 0;

/** The requests of the case; a function so that each call can differ (unique emails, fresh tokens). */
function setup() {
	if (config.kind === 'get') {
		const paths = config.paths ?? ['/'];
		return { requests: [{ setupRequest: (/** @type {any} */ req) => ({ ...req, path: paths[n++ % paths.length], headers: { ...req.headers, ...config.headers } }) }] };
	}
	if (config.kind === 'search') {
		// Every request a different name search, as a hostile client would send them to miss every
		// cache: half match nothing, half match common parts of the seeded names (one to six letters)
		// in one country, the rarer ones leaving most matches to be looked at and passed over.
		const parts = ['a', 'li', 'ya', 'mə', 'ni', 'gar', 'el', 'ka', 'mal', 'ay', 'tən', 'ova', 'yev', 'berg', 'sen', 'ler'];
		const countries = ['AZ', 'DE', 'TR', 'GB', 'FR', 'US', 'AD', 'AE', 'AF', 'AG', 'AL', 'AM', 'AO', 'AR', 'AT', 'AU', 'BA', 'BB', 'BD', 'BE'];
		return {
			requests: [
				{
					setupRequest: (/** @type {any} */ req) => {
						const i = n++;
						const q = i % 2 === 0 ? `zq${config.run}x${i}` : `${parts[i % parts.length]}${i % 3 === 0 ? '' : parts[Math.floor(i / parts.length) % parts.length]}`;
						const country = i % 2 === 0 ? '' : `&country=${countries[Math.floor(i / 256) % countries.length]}`;
						return { ...req, path: `/en/statements/${config.slug}/signatories?q=${encodeURIComponent(q)}${country}`, headers: { ...req.headers, ...config.headers } };
					}
				}
			]
		};
	}
	const form = { 'content-type': 'application/x-www-form-urlencoded', origin: config.origin ?? '', accept: 'text/html' };
	if (config.kind === 'sign' || config.kind === 'sign-protected') {
		return {
			requests: [
				{
					method: 'POST',
					setupRequest: (/** @type {any} */ req) => {
						const i = n++;
						const fields = { name: 'Bench Signer', email: `bench.${config.run}.${i}@surge.example`, country: 'AZ', display: 'full', consent: 'on' };
						// With protection on, each its own solved challenge, as the page's widget sends it.
						const body = new URLSearchParams(solved.length > 0 ? { ...fields, altcha: solved[i % solved.length] } : fields).toString();
						return { ...req, path: `/en/statements/${config.slug}/sign`, headers: { ...req.headers, ...form }, body };
					}
				}
			]
		};
	}
	// confirm: each request spends one of the seeded pending signatures' tokens.
	const t = /** @type {NonNullable<typeof config.tokens>} */ (config.tokens);
	return {
		requests: [
			{
				method: 'POST',
				setupRequest: (/** @type {any} */ req) => ({
					...req,
					path: `/en/confirm/${t.prefix}${String(t.from + (n++ % t.count)).padStart(t.digits, '0')}`,
					headers: { ...req.headers, ...form },
					body: ''
				})
			}
		]
	};
}

/** Solved proof-of-work challenges for the protected sign case, made before anything is timed. @type {string[]} */
const solved = [];
if (config.kind === 'sign-protected') {
	const amount = config.amount ?? 1000;
	while (solved.length < amount) {
		// Four at a time: node:crypto's pbkdf2 runs on libuv's four threads.
		const batch = await Promise.all(
			Array.from({ length: Math.min(4, amount - solved.length) }, async () => {
				const challenge = await (await fetch(`${config.url}/api/v1/altcha`)).json();
				const solution = await solveChallenge({ challenge, deriveKey });
				return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
			})
		);
		solved.push(...batch);
	}
	// The last challenge must be older than the least time a person takes to fill in the form.
	await new Promise((resolve) => setTimeout(resolve, (config.minFillSeconds ?? 3) * 1000 + 500));
}

/** @param {number} duration */
function run(duration) {
	// With protection on, one request per solved challenge: a second would be refused as a replay.
	const limit = config.kind === 'sign-protected' ? { amount: solved.length } : { duration };
	return autocannon({ url: config.url, connections: config.connections, ...limit, ...setup() });
}

if (config.warmup > 0 && config.kind !== 'sign-protected') await run(config.warmup);
const result = await run(config.seconds);
console.log(
	JSON.stringify({
		requests: result.requests.total,
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors,
		timeouts: result.timeouts,
		statusCodeStats: result.statusCodeStats,
		issued: n
	})
);
