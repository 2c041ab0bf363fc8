import { getDb } from '$lib/server/db';
import { getEndorsementByWithdrawToken } from '$lib/server/endorsements/queries';
import { allows } from '$lib/server/endorsements/states';
import { withdrawEndorsement } from '$lib/server/endorsements/commands';
import { wakeMailWorker } from '$lib/server/jobs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const row = getEndorsementByWithdrawToken(getDb(), params.token);
	return row && allows(row, 'withdraw') ? { valid: true as const, organization: row.name } : { valid: false as const };
};

export const actions: Actions = {
	default: ({ params }) => {
		const outcome = withdrawEndorsement(getDb(), params.token);
		if (outcome.status === 'withdrawn') wakeMailWorker();
		return { status: outcome.status };
	}
};
