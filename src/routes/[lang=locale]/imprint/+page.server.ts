import { getDb } from '$lib/server/db';
import { getSettings, settingsIn } from '$lib/server/settings';
import type { PageServerLoad } from './$types';

/** A page to read: it works without JavaScript, so it sends none (a phone on a slow network waits for nothing). */
export const csr = false;

export const load: PageServerLoad = ({ params }) => {
	const { domainBlocklist: _, dataRequestsEmail: __, ...details } = settingsIn(getSettings(getDb()), params.lang);
	return { details };
};
