import { collectPersonalData, erasePersonalData, sendPersonalData } from '$lib/server/privacy/data-requests';
import { getDb } from '$lib/server/db';
import { wakeMailWorker } from '$lib/server/jobs';
import type { Actions, PageServerLoad } from './$types';

/** A page to read and a plain form: it works without JavaScript, so it sends none. */
export const csr = false;

export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	return { data: collectPersonalData(getDb(), params.token) };
};

export const actions: Actions = {
	copy: ({ params }) => {
		const sent = sendPersonalData(getDb(), params.token, params.lang);
		if (sent) wakeMailWorker();
		return { copied: sent };
	},
	erase: ({ params }) => ({ erased: erasePersonalData(getDb(), params.token) !== null })
};
