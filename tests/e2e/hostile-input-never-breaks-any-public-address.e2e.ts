import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { contentTypes, hostileString, seedOption } from './hostile';
import { SLUG } from './pages';

// Every public form and JSON endpoint besides the sign and endorse forms (they have their own tests):
// hostile path segments, query strings and bodies, 500 cases each.
const RUNS = 500;
test.setTimeout(120_000);

/** Percent-encode bytes as they are, so that invalid UTF-8 and lone surrogates reach the server. */
function encodeSegment(value: string): string {
	return [...Buffer.from(value, value.length % 3 ? 'utf8' : 'latin1')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

const token = fc.oneof(fc.constant('a'.repeat(32)), fc.stringMatching(/^[A-Za-z0-9_-]{32}$/), hostileString.filter((s) => s.length > 0));
const lang = fc.constantFrom('en', 'de', 'az');

type Case = { method: 'GET' | 'POST'; path: string; body?: Record<string, string>; contentType?: string };

const TARGETS: Record<string, fc.Arbitrary<Case>> = {
	'confirm a signature': fc.tuple(lang, token).map(([l, t]) => ({ method: 'POST', path: `/${l}/confirm/${encodeSegment(t)}` })),
	'withdraw a signature': fc.tuple(lang, token).map(([l, t]) => ({ method: 'POST', path: `/${l}/withdraw/${encodeSegment(t)}` })),
	'stop updates': fc.tuple(lang, token).map(([l, t]) => ({ method: 'POST', path: `/${l}/unsubscribe/${encodeSegment(t)}` })),
	'confirm an endorsement': fc.tuple(lang, token).map(([l, t]) => ({ method: 'POST', path: `/${l}/endorsement/confirm/${encodeSegment(t)}` })),
	'withdraw an endorsement': fc.tuple(lang, token).map(([l, t]) => ({ method: 'POST', path: `/${l}/endorsement/withdraw/${encodeSegment(t)}` })),
	'ask for my data': fc.tuple(lang, hostileString, contentTypes).map(([l, email, contentType]) => ({ method: 'POST', path: `/${l}/my-data`, body: { email }, contentType })),
	'copy or erase my data': fc.tuple(lang, token, fc.constantFrom('copy', 'erase')).map(([l, t, a]) => ({ method: 'POST', path: `/${l}/my-data/${encodeSegment(t)}?/${a}` })),
	'one-click unsubscribe (JSON API)': fc.tuple(token, hostileString).map(([t, b]) => ({ method: 'POST', path: `/api/v1/unsubscribe/${encodeSegment(t)}`, body: { 'List-Unsubscribe': b } })),
	'a statement (JSON API)': hostileString.map((slug) => ({ method: 'GET', path: `/api/v1/statements/${encodeSegment(slug || 'x')}` })),
	'its organizations (JSON API)': fc
		.record({ country: hostileString, type: hostileString, after: hostileString, limit: fc.oneof(hostileString, fc.integer().map(String)) })
		.map((q) => ({ method: 'GET', path: `/api/v1/statements/${SLUG}/organizations?${new URLSearchParams(q)}` })),
	'the signatories page': fc
		.record({ q: hostileString, country: hostileString, after: hostileString })
		.map((q) => ({ method: 'GET', path: `/en/statements/${SLUG}/signatories?${new URLSearchParams(q)}` })),
	'the organizations page': fc
		.record({ country: hostileString, type: hostileString, after: hostileString })
		.map((q) => ({ method: 'GET', path: `/de/statements/${SLUG}/organizations?${new URLSearchParams(q)}` })),
	'checking a receipt': fc.tuple(lang, hostileString).map(([l, receipt]) => ({ method: 'GET', path: `/${l}/statements/${SLUG}/ledger/check?${new URLSearchParams({ receipt })}` })),
	'the ledger page': fc.tuple(lang, hostileString).map(([l, receipt]) => ({ method: 'GET', path: `/${l}/statements/${SLUG}/ledger?${new URLSearchParams({ receipt })}` }))
};

for (const [name, arbitrary] of Object.entries(TARGETS)) {
	test(`${RUNS} hostile requests to "${name}" never get a 5xx`, async ({ baseURL }) => {
		let runs = 0;
		const statuses = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(arbitrary, async (c) => {
				const headers: Record<string, string> = { Origin: baseURL!, Accept: 'text/html' };
				let body: string | undefined;
				if (c.method === 'POST') {
					body = new URLSearchParams(c.body ?? {}).toString();
					headers['Content-Type'] = c.contentType ?? 'application/x-www-form-urlencoded';
					if (!headers['Content-Type']) delete headers['Content-Type'];
				}
				const response = await fetch(`${baseURL}${c.path}`, { method: c.method, headers, body, redirect: 'manual' });
				runs++;
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				expect(response.status, `${c.method} ${c.path}`).toBeLessThan(500);
				await response.arrayBuffer();
			}),
			{ numRuns: RUNS, ...seedOption }
		);
		console.log(`[measure] hostile "${name}" cases: ${runs}, statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
		expect(runs).toBeGreaterThanOrEqual(RUNS);
	});
}
