import { fail, redirect } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { recordAudit } from '$lib/server/audit';
import { requireSession } from '$lib/server/auth/guard';
import { markSessionTwoFactorVerified } from '$lib/server/auth/session';
import { recordSignInFailure, recordSignInSuccess, refuseIfThrottled } from '$lib/server/auth/throttle';
import { decryptTotpKey, useRecoveryCode, verifyTotpCode } from '$lib/server/auth/totp';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user, session } = requireSession(event);
	if (!user.totpKeyEncrypted) redirect(303, '/admin/two-factor/setup');
	if (session.twoFactorVerified) redirect(303, '/admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, session } = requireSession(event);
		if (!user.totpKeyEncrypted) redirect(303, '/admin/two-factor/setup');
		const form = await event.request.formData();
		const code = String(form.get('code') ?? '').trim();
		const recovery = String(form.get('recovery') ?? '').trim();
		const accountKey = `totp:${user.id}`;
		const addressKey = hashIp(event.getClientAddress());
		const throttled = refuseIfThrottled(event, accountKey, addressKey);
		if (throttled) return throttled;
		const db = getDb();
		const valid = recovery
			? useRecoveryCode(db, user.id, recovery)
			: verifyTotpCode(decryptTotpKey(user.totpKeyEncrypted), code);
		if (!valid) {
			recordSignInFailure(accountKey, addressKey);
			return fail(400, { error: 'admin.twoFactor.failed' });
		}
		recordSignInSuccess(accountKey, addressKey);
		markSessionTwoFactorVerified(db, session.id);
		if (recovery) recordAudit(db, { actor: user, action: 'staff.used_recovery_code', subjectType: 'admin_user', subjectId: user.id, ipHmac: addressKey });
		const next = event.url.searchParams.get('next');
		redirect(303, next?.startsWith('/admin') && !next.startsWith('//') ? next : '/admin');
	}
};
