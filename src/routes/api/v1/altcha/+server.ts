import { json } from '@sveltejs/kit';
import { issueChallenge } from '$lib/server/abuse/altcha';
import type { RequestHandler } from './$types';

/** A proof-of-work challenge for the sign form. Per visitor, so never cached. */
export const GET: RequestHandler = async () =>
	json(await issueChallenge(), { headers: { 'Cache-Control': 'no-store' } });
