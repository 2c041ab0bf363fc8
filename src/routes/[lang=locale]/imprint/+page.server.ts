import { getDb } from '$lib/server/db';
import { getSettings } from '$lib/server/settings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { domainBlocklist: _, dataRequestsEmail: __, ...details } = getSettings(getDb());
	return { details };
};
