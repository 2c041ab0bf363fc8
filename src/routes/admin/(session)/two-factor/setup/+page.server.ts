import { fail, redirect } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { recordAudit } from '$lib/server/audit';
import { requireSession } from '$lib/server/auth/guard';
import { createSession, generateSessionToken, setSessionTokenCookie } from '$lib/server/auth/session';
import { recordSignInFailure, recordSignInSuccess, refuseIfThrottled } from '$lib/server/auth/throttle';
import {
	decryptTotpKey,
	encryptTotpKey,
	formatTotpKey,
	generateTotpKey,
	replaceRecoveryCodes,
	totpKeyUri,
	totpQrCode,
	verifyTotpCode
} from '$lib/server/auth/totp';
import { getDb } from '$lib/server/db';
import { saveTotpKey } from '$lib/server/staff/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, session } = requireSession(event);
	if (user.totpKeyEncrypted) redirect(303, session.twoFactorVerified ? '/admin' : '/admin/two-factor');
	return enrolment(user.email, generateTotpKey());
};

async function enrolment(email: string, key: Uint8Array) {
	return {
		qr: await totpQrCode(totpKeyUri(email, key)),
		secret: formatTotpKey(key),
		// The new key travels encrypted with the form, and is stored only once a code proves the app has it.
		pendingKey: encryptTotpKey(key)
	};
}

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireSession(event);
		if (user.totpKeyEncrypted) redirect(303, '/admin/two-factor');
		const form = await event.request.formData();
		const pendingKey = String(form.get('pendingKey') ?? '');
		const code = String(form.get('code') ?? '');
		const accountKey = `totp:${user.id}`;
		const addressKey = hashIp(event.getClientAddress());
		const throttled = refuseIfThrottled(event, accountKey, addressKey);
		if (throttled) return throttled;
		let key: Uint8Array;
		try {
			key = decryptTotpKey(pendingKey);
		} catch {
			return fail(400, { error: 'admin.twoFactor.failed' });
		}
		if (!verifyTotpCode(key, code)) {
			recordSignInFailure(accountKey, addressKey);
			// The same key again: it is the one already scanned into the app.
			return fail(400, { error: 'admin.twoFactor.failed', ...(await enrolment(user.email, key)) });
		}
		recordSignInSuccess(accountKey, addressKey);

		const db = getDb();
		// A change of second factor ends every session of the person; this browser gets a new one.
		saveTotpKey(db, user.id, encryptTotpKey(key));
		const token = generateSessionToken();
		createSession(db, token, user.id, true);
		setSessionTokenCookie(event.cookies, token, event.url.protocol === 'https:');
		const recoveryCodes = replaceRecoveryCodes(db, user.id);
		recordAudit(db, { actor: user, action: 'staff.enrol_totp', subjectType: 'admin_user', subjectId: user.id, ipHmac: addressKey });
		return { recoveryCodes };
	}
};
