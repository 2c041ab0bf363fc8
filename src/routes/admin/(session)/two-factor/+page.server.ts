import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { recordAudit } from '$lib/server/audit';
import { requireSession } from '$lib/server/auth/guard';
import { markSessionTwoFactorVerified } from '$lib/server/auth/session';
import { recordSignInFailure, recordSignInSuccess, refuseIfThrottled } from '$lib/server/auth/throttle';
import { acceptTotpCode, useRecoveryCode } from '$lib/server/auth/totp';
import { LOCK_MS, recordWrongTwoStepCode, twoFactorLockedFor } from '$lib/server/auth/two-factor-lock';
import { wakeMailWorker } from '$lib/server/jobs';
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
		const locked = twoFactorLockedFor(db, user.id);
		if (locked > 0) return refuseLocked(event, locked);
		// A code is accepted once: the same code again, within its thirty seconds, is refused.
		const valid = recovery ? useRecoveryCode(db, user.id, recovery) : acceptTotpCode(db, user, code);
		if (!valid) {
			recordSignInFailure(accountKey, addressKey);
			if (recordWrongTwoStepCode(db, user, { ipHmac: addressKey, locale: event.locals.locale })) {
				wakeMailWorker();
				return refuseLocked(event, LOCK_MS);
			}
			return fail(400, { error: 'admin.twoFactor.failed' });
		}
		recordSignInSuccess(accountKey, addressKey);
		markSessionTwoFactorVerified(db, session.id);
		if (recovery) recordAudit(db, { actor: user, action: 'staff.used_recovery_code', subjectType: 'admin_user', subjectId: user.id, ipHmac: addressKey });
		const next = event.url.searchParams.get('next');
		redirect(303, next?.startsWith('/admin') && !next.startsWith('//') ? next : '/admin');
	}
};

function refuseLocked(event: Pick<RequestEvent, 'setHeaders'>, ms: number) {
	const retryAfter = Math.ceil(ms / 1000);
	event.setHeaders({ 'Retry-After': String(retryAfter) });
	return fail(429, { error: 'admin.twoFactor.locked', retryAfter });
}
