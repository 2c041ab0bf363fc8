import { fail, redirect } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { hashPassword, verifyPasswordHash } from '$lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	setSessionTokenCookie
} from '$lib/server/auth/session';
import { recordSignInFailure, recordSignInSuccess, refuseIfThrottled } from '$lib/server/auth/throttle';
import { getDb } from '$lib/server/db';
import { getStaffByEmail, normalizeStaffEmail } from '$lib/server/staff/accounts';
import type { Actions, PageServerLoad } from './$types';

// Checked against when the address is unknown, so that both cases take the same time.
let dummyHash: Promise<string> | null = null;

export const load: PageServerLoad = ({ locals }) => {
	if (locals.staff?.session.twoFactorVerified) redirect(303, '/admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url, getClientAddress, setHeaders, locals } = event;
		const form = await request.formData();
		const email = normalizeStaffEmail(String(form.get('email') ?? '')).slice(0, 254);
		const password = String(form.get('password') ?? '').slice(0, 1000);
		const accountKey = `password:${email}`;
		const addressKey = hashIp(getClientAddress());

		const throttled = refuseIfThrottled({ setHeaders }, accountKey, addressKey);
		if (throttled) return fail(429, { ...throttled.data, email });
		if (!email || !password) return fail(400, { email, error: 'admin.login.missing' });

		const db = getDb();
		const user = getStaffByEmail(db, email);
		dummyHash ??= hashPassword(crypto.randomUUID());
		const valid = await verifyPasswordHash(user?.passwordHash ?? (await dummyHash), password);
		if (!user || !valid || user.disabled || !user.passwordHash) {
			recordSignInFailure(accountKey, addressKey);
			return fail(400, { email, error: 'admin.login.failed' });
		}
		recordSignInSuccess(accountKey, addressKey);

		// A fresh token at every sign-in; whatever session this browser had ends.
		if (locals.staff) invalidateSession(db, locals.staff.session.id);
		const token = generateSessionToken();
		createSession(db, token, user.id, false);
		setSessionTokenCookie(cookies, token, url.protocol === 'https:');
		const next = url.searchParams.get('next');
		const target = user.totpKeyEncrypted ? '/admin/two-factor' : '/admin/two-factor/setup';
		redirect(303, next?.startsWith('/admin') && !next.startsWith('//') ? `${target}?next=${encodeURIComponent(next)}` : target);
	}
};
