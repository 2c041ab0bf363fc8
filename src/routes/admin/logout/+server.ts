import { redirect } from '@sveltejs/kit';
import { deleteSessionTokenCookie, invalidateSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Sign out: POST only (a link or an image cannot sign anyone out); the session row is deleted. */
export const POST: RequestHandler = ({ locals, cookies, url }) => {
	if (locals.staff) invalidateSession(getDb(), locals.staff.session.id);
	deleteSessionTokenCookie(cookies, url.protocol === 'https:');
	redirect(303, '/admin/login');
};
