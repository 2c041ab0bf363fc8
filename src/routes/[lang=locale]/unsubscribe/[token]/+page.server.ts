import { getDb } from '$lib/server/db';
import { getSignatureByUnsubscribeToken } from '$lib/server/signatures/queries';
import { unsubscribeFromUpdates } from '$lib/server/signatures/commands';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	return { valid: getSignatureByUnsubscribeToken(getDb(), params.token) !== null };
};

export const actions: Actions = {
	default: ({ params }) => ({ done: unsubscribeFromUpdates(getDb(), params.token) })
};
