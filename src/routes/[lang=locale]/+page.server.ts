import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getFeaturedStatement } from '$lib/server/statements';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const statement = getFeaturedStatement(getDb(), locals.locale);
	if (!statement) error(404, 'Not found');
	return { statement };
};
