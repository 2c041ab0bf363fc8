import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { assessSubmission } from '$lib/server/abuse';
import { wakeMailWorker } from '$lib/server/jobs';
import { sign } from '$lib/server/signatures/commands';
import { getCountryOptions } from '$lib/server/countries';
import { getPublishedStatement, getSigningTarget } from '$lib/server/statements/queries';
import { parseSignature, SIGNATURE_FIELDS } from '$lib/validation/signature';
import type { Actions, PageServerLoad } from './$types';

// Sent without SvelteKit's client: its form checks itself by <Enhance />'s small script.
export const csr = false;

export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	// The form and what it signs: not the count, the newest names or the organizations' wall.
	return { statement, countries: getCountryOptions(params.lang) };
};

export const actions: Actions = {
	default: async ({ request, params, url, getClientAddress }) => {
		const db = getDb();
		const lang = params.lang;
		const statement = getSigningTarget(db, params.slug, lang);
		if (!statement) error(404, 'Not found');
		if (!statement.signingOpen) return fail(409, { closed: true, values: {}, errors: {}, formError: 'sign.closed' });

		const form = await request.formData();
		const raw = Object.fromEntries(
			SIGNATURE_FIELDS.map((field) => [field, typeof form.get(field) === 'string' ? form.get(field) : undefined])
		);
		const checkInbox = `/${lang}/statements/${statement.slug}/check-your-inbox`;
		const values = { ...raw, consent: raw.consent === 'on' ? 'on' : undefined };

		const parsed = parseSignature(raw);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });

		const verdict = await assessSubmission(db, {
			honeypot: form.get('website'),
			altcha: form.get('altcha'),
			clientAddress: getClientAddress(),
			emailDomain: parsed.input.email.slice(parsed.input.email.lastIndexOf('@') + 1).toLowerCase()
		});
		// A bot is shown the page everyone sees; nothing is kept.
		if (verdict.action === 'pretend') redirect(303, checkInbox);
		if (verdict.action === 'retry') return fail(400, { values, errors: {}, formError: 'errors.altcha.failed' });

		const outcome = await sign(db, parsed.input, { statementId: statement.id, versionHash: statement.contentHash, locale: lang, origin: url.origin }, verdict);
		if (outcome === 'refused') return fail(400, { values, errors: {}, formError: 'errors.altcha.failed' });
		wakeMailWorker();
		redirect(303, checkInbox);
	}
};
