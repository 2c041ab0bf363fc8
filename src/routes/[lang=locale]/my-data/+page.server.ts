import { fail } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { requestDataAccess } from '$lib/server/privacy/data-requests';
import { getDb } from '$lib/server/db';
import { wakeMailWorker } from '$lib/server/jobs';
import { parseEmail } from '$lib/validation/email';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, params, url, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').slice(0, 320);
		if (!parseEmail(email)) return fail(400, { email, error: 'errors.email.invalid' });
		const outcome = await requestDataAccess(getDb(), email, params.lang, url.origin, { from: hashIp(getClientAddress()) });
		if (outcome === 'too_many') return fail(429, { email, error: 'errors.myData.tooMany' });
		// The answer is the same whether or not anything is stored under the address.
		if (outcome === 'sent') wakeMailWorker();
		return { sent: true };
	}
};
