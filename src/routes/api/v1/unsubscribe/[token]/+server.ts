import { text } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { unsubscribeFromUpdates } from '$lib/server/signatures/commands';
import type { RequestHandler } from './$types';

/**
 * RFC 8058 one-click unsubscribe: mail programs POST "List-Unsubscribe=One-Click" here from their
 * own servers. The unguessable token is the only credential, and the only effect is fewer emails,
 * so server.js lets this one address past the cross-site form check.
 */
export const POST: RequestHandler = ({ params }) => {
	unsubscribeFromUpdates(getDb(), params.token);
	// The same answer either way: the address says nothing about whether a token exists.
	return text('Unsubscribed.', { headers: { 'Cache-Control': 'no-store' } });
};
