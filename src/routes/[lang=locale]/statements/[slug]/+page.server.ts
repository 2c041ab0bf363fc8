import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getPublishedStatement } from '$lib/server/statements';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const statement = getPublishedStatement(getDb(), params.slug, locals.locale);
	if (!statement) error(404, 'Not found');
	return { statement };
};
