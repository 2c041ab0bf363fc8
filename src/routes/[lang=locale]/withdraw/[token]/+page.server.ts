import { getDb } from '$lib/server/db';
import { wakeMailWorker } from '$lib/server/jobs';
import { getSignatureByWithdrawToken } from '$lib/server/signatures/queries';
import { allows } from '$lib/server/signatures/states';
import { withdrawSignature } from '$lib/server/signatures/commands';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const row = getSignatureByWithdrawToken(getDb(), params.token);
	return { valid: allows(row, 'withdraw') };
};

export const actions: Actions = {
	default: ({ params }) => {
		const outcome = withdrawSignature(getDb(), params.token);
		if (outcome.status === 'withdrawn') wakeMailWorker();
		return { status: outcome.status };
	}
};
