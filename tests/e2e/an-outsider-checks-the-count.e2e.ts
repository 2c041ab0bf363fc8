import { expect, test, type APIRequestContext } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receiptOf } from './database';
import { linkIn, waitForMail } from './mailbox';
import { SLUG } from './pages';
import { postSignature } from './signing';

/** Sign and confirm, as a person does from their inbox. */
async function signAndConfirm(request: APIRequestContext, baseURL: string, email: string, country: string) {
	expect((await postSignature(request, baseURL, 'az', { name: 'Ledger Person', email, country })).status()).toBe(303);
	const confirm = linkIn(await waitForMail(email), 'confirm');
	expect((await request.post(confirm, { form: {}, headers: { Origin: baseURL, Accept: 'text/html' }, maxRedirects: 0 })).status()).toBe(303);
}

/** scripts/verify-ledger.mjs against a site, as anyone would run it (in its own process: the tampering copy answers from this one). */
function verifier(site: string, ...options: string[]): Promise<{ status: number | null; output: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, ['scripts/verify-ledger.mjs', site, SLUG, ...options], { encoding: 'utf8', timeout: 90_000 }, (error, stdout, stderr) =>
			resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` })
		);
	});
}

type Tamper = (path: string, body: Record<string, unknown>) => void;

/** A copy of the site that changes the ledger's JSON on the way, as a dishonest server would. */
async function tamperedCopy(upstream: string, tamper: Tamper): Promise<{ site: string; close: () => Promise<void> }> {
	const server: Server = createServer(async (req, res) => {
		const answer = await fetch(`${upstream}${req.url}`);
		const body = (await answer.json()) as Record<string, unknown>;
		tamper(new URL(req.url!, upstream).pathname, body);
		res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { site: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Head = { treeSize: number; body: string; signature: string; rootHash: string };

test('an outsider checks the count with the verifier, and a server that rewrites its ledger is caught', async ({ request, baseURL }) => {
	test.setTimeout(180_000);
	// Three signatures, a head signed after each (every two seconds here when something was counted).
	const run = Date.now().toString(36);
	const emails = ['one', 'two', 'three'].map((n) => `ledger.${n}.${run}@example.org`);
	for (const [i, email] of emails.entries()) {
		await signAndConfirm(request, baseURL!, email, ['AZ', 'DE', 'TR'][i]);
		await expect
			.poll(async () => ((await (await request.get(`/api/v1/statements/${SLUG}/ledger/proof?receipt=${receiptOf(email)}`)).json()) as { proofs: unknown[] }).proofs.length, {
				timeout: 20_000
			})
			.toBe(1);
	}
	const { heads } = (await (await request.get(`/api/v1/statements/${SLUG}/ledger/heads`)).json()) as { heads: Head[] };
	expect(heads.length).toBeGreaterThanOrEqual(3);

	// The proof of one signature holds against the latest head, as the API gives it.
	const proved = (await (await request.get(`/api/v1/statements/${SLUG}/ledger/proof?receipt=${receiptOf(emails[1])}`)).json()) as { proofs: { data: string }[] };
	expect(JSON.parse(proved.proofs[0].data)).toMatchObject({ kind: 'signature', event: 'confirm', delta: 1, country: 'DE', receipt: receiptOf(emails[1]) });
	expect(proved.proofs[0].data).not.toContain('ledger.two');

	// The program anyone downloads from the site is the one in the repository.
	expect(await (await request.get('/api/v1/ledger/verify-ledger.mjs')).text()).toBe(readFileSync('scripts/verify-ledger.mjs', 'utf8'));
	// Pinned to the published key, remembering the last head it verified.
	const { fingerprint } = (await (await request.get('/api/v1/ledger/public-key')).json()) as { fingerprint: string };
	const state = test.info().outputPath('last-head.json');
	const honest = await verifier(baseURL!, '--key', fingerprint, '--state', state);
	expect(honest.output).toContain('VERIFIED:');
	expect(honest.status).toBe(0);
	expect(JSON.parse(readFileSync(state, 'utf8')).body).toContain('"treeSize":');
	// Another key than the one pinned, or a log that no longer holds the head seen before, is not verified.
	expect((await verifier(baseURL!, '--key', '0'.repeat(64))).output).toMatch(/is not the key you pinned/);
	const seen = JSON.parse(readFileSync(state, 'utf8')) as { body: string; signature: string };
	writeFileSync(state, JSON.stringify({ ...seen, body: seen.body.replace(/"treeSize":\d+/, '"treeSize":1') }));
	const rewritten = await verifier(baseURL!, '--state', state);
	expect(rewritten.output).toMatch(/is no longer in the log: its history was rewritten/);
	expect(rewritten.status).toBe(1);

	const tampers: [string, Tamper, RegExp][] = [
		[
			'a leaf changed',
			(path, body) => {
				const leaves = body.leaves as { data: string }[] | undefined;
				if (!path.endsWith('/ledger/leaves') || !leaves?.length) return;
				leaves[0].data = leaves[0].data.replace(/"country":"[A-Z]{2}"/, '"country":"XK"');
			},
			/its root is not the root of the first/
		],
		[
			'a head rewritten',
			(path, body) => {
				if (!path.endsWith('/ledger/heads')) return;
				const last = (body.heads as Head[]).at(-1)!;
				last.body = last.body.replace(/"signatures":(\d+)/, (_, n) => `"signatures":${Number(n) + 1000}`);
			},
			/the signature does not verify/
		],
		[
			'a head dropped',
			(path, body) => {
				if (!path.endsWith('/ledger/heads')) return;
				const list = body.heads as Head[];
				list.splice(Math.floor(list.length / 2), 1);
			},
			/a head is missing or out of order/
		]
	];
	for (const [what, tamper, problem] of tampers) {
		const copy = await tamperedCopy(baseURL!, tamper);
		try {
			const result = await verifier(copy.site);
			expect(result.output, what).toContain('NOT VERIFIED');
			expect(result.output, what).toMatch(problem);
			expect(result.status, what).toBe(1);
		} finally {
			await copy.close();
		}
	}
});
