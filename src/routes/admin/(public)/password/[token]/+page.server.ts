import { fail, redirect } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { checkPasswordStrength } from '$lib/server/auth/password';
import { getDb } from '$lib/server/db';
import { completePasswordLink, findStaffToken } from '$lib/server/staff/accounts';
import type { Actions, PageServerLoad } from './$types';

function findLink(token: string) {
	const db = getDb();
	return findStaffToken(db, token, 'invitation') ?? findStaffToken(db, token, 'password_reset');
}

export const load: PageServerLoad = ({ params }) => {
	const link = findLink(params.token);
	return { valid: !!link?.user && !link.user.disabled, email: link?.user?.email ?? null };
};

export const actions: Actions = {
	default: async ({ request, params, getClientAddress }) => {
		const link = findLink(params.token);
		if (!link?.user) return fail(410, { error: 'admin.password.invalid' });
		const form = await request.formData();
		const password = String(form.get('password') ?? '');
		const weak = await checkPasswordStrength(password, link.user.email);
		if (weak) return fail(400, { error: weak });
		if (password !== String(form.get('confirm') ?? '')) return fail(400, { error: 'admin.errors.passwordMismatch' });
		const user = await completePasswordLink(getDb(), params.token, password, hashIp(getClientAddress()));
		if (!user) return fail(410, { error: 'admin.password.invalid' });
		redirect(303, '/admin/login?password=saved');
	}
};
