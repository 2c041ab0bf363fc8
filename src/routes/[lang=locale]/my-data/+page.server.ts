import { fail } from '@sveltejs/kit';
import { requestDataAccess } from '$lib/server/data-requests';
import { getDb } from '$lib/server/db';
import { wakeMailWorker } from '$lib/server/jobs';
import { parseEmail } from '$lib/validation/email';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, params, url }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').slice(0, 320);
		if (!parseEmail(email)) return fail(400, { email, error: 'errors.email.invalid' });
		// The answer is the same whether or not anything is stored under the address.
		if (requestDataAccess(getDb(), email, params.lang, url.origin)) wakeMailWorker();
		return { sent: true };
	}
};
