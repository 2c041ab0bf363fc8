import { fail, redirect } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { checkPasswordStrength } from '$lib/server/auth/password';
import { createSession, generateSessionToken, setSessionTokenCookie } from '$lib/server/auth/session';
import { recordSignInFailure, refuseIfThrottled } from '$lib/server/auth/throttle';
import { getDb } from '$lib/server/db';
import { canSetUpFirstAdmin, completeFirstAdminSetup } from '$lib/server/staff/accounts';
import { hashToken } from '$lib/server/tokens';
import { parseEmail } from '$lib/validation/email';
import { normalizeText } from '$lib/validation/text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => ({ valid: canSetUpFirstAdmin(getDb(), params.token) });

export const actions: Actions = {
	default: async (event) => {
		const { request, params, cookies, url, getClientAddress } = event;
		// Throttled like signing in, and the link checked before anything is read or hashed.
		// Per link, so that guesses of other links never hold up the one the operator was given;
		// per address across links, as sign-in is.
		const accountKey = `setup:${hashToken(params.token)}`;
		const addressKey = hashIp(getClientAddress());
		const throttled = refuseIfThrottled(event, accountKey, addressKey);
		if (throttled) return throttled;
		if (!canSetUpFirstAdmin(getDb(), params.token)) {
			recordSignInFailure(accountKey, addressKey);
			return fail(410, { values: { name: '', email: '' }, error: 'admin.setup.invalid' });
		}
		const form = await request.formData();
		const name = normalizeText(String(form.get('name') ?? '')).slice(0, 120);
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const values = { name, email };
		if (name.length < 2) return fail(400, { values, error: 'admin.errors.name' });
		const parsed = parseEmail(email);
		if (!parsed) return fail(400, { values, error: 'errors.email.invalid' });
		const weak = await checkPasswordStrength(password, parsed.address);
		if (weak) return fail(400, { values, error: weak });
		if (password !== String(form.get('confirm') ?? '')) return fail(400, { values, error: 'admin.errors.passwordMismatch' });

		const db = getDb();
		const user = await completeFirstAdminSetup(db, params.token, { email: parsed.address, name, password }, hashIp(getClientAddress()));
		if (!user) return fail(410, { values, error: 'admin.setup.invalid' });
		const token = generateSessionToken();
		createSession(db, token, user.id, false);
		setSessionTokenCookie(cookies, token, url.protocol === 'https:');
		redirect(303, '/admin/two-factor/setup');
	}
};
