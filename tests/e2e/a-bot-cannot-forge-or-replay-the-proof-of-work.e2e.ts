import { expect, test } from '@playwright/test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { signatureRowsFor } from './database';
import { postSignature } from './signing';

const RETRY = 'The automatic security check could not be completed.';

test('a forged proof-of-work is refused and nothing is stored', async ({ request, baseURL }) => {
	const email = 'forged.pow@example.org';
	const forged = Buffer.from(JSON.stringify({ challenge: { parameters: {} }, solution: { counter: 1 } })).toString('base64');
	const response = await postSignature(request, baseURL!, 'en', { name: 'Forged Proof', email, altcha: forged });
	expect(response.status()).toBe(400);
	expect(await response.text()).toContain(RETRY);
	expect(signatureRowsFor(email)).toEqual([]);
});

test('a solved proof-of-work counts once: replayed, it is refused and nothing is stored', async ({ request, baseURL }) => {
	const challengeResponse = await request.get('/api/v1/altcha');
	expect(challengeResponse.headers()['cache-control']).toBe('no-store');
	const challenge = await challengeResponse.json();
	const solution = await solveChallenge({ challenge, deriveKey });
	const payload = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
	// A person takes more than a second to fill the form.
	await new Promise((resolve) => setTimeout(resolve, 1200));

	const first = await postSignature(request, baseURL!, 'en', { name: 'First Use', email: 'first.use@example.org', altcha: payload });
	expect(first.status()).toBe(303);
	expect(signatureRowsFor('first.use@example.org')).toMatchObject([{ state: 'pending' }]);
	expect(JSON.parse(signatureRowsFor('first.use@example.org')[0].flags)).not.toContain('no_pow');

	const replay = await postSignature(request, baseURL!, 'en', { name: 'Replay Use', email: 'replay.use@example.org', altcha: payload });
	expect(replay.status()).toBe(400);
	expect(await replay.text()).toContain(RETRY);
	expect(signatureRowsFor('replay.use@example.org')).toEqual([]);
});

test('a proof-of-work solved faster than a person types is treated as a bot', async ({ request, baseURL }) => {
	const challenge = await (await request.get('/api/v1/altcha')).json();
	const solution = await solveChallenge({ challenge, deriveKey });
	const payload = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
	const response = await postSignature(request, baseURL!, 'en', { name: 'Fast Bot', email: 'fast.bot@example.org', altcha: payload });
	expect(response.status()).toBe(303);
	expect(signatureRowsFor('fast.bot@example.org')).toEqual([]);
});
