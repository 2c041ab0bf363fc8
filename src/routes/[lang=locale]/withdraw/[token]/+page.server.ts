import { getDb } from '$lib/server/db';
import { wakeMailWorker } from '$lib/server/jobs';
import { getSignatureByWithdrawToken, withdrawSignature } from '$lib/server/signatures';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const row = getSignatureByWithdrawToken(getDb(), params.token);
	return { valid: !!row && ['pending', 'confirmed'].includes(row.state) };
};

export const actions: Actions = {
	default: ({ params }) => {
		const outcome = withdrawSignature(getDb(), params.token);
		if (outcome.status === 'withdrawn') wakeMailWorker();
		return { status: outcome.status };
	}
};
