import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const statement = getPublishedStatement(getDb(), params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	return { statement: { slug: statement.slug, title: statement.title } };
};
