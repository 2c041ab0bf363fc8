import { error, fail, redirect } from '@sveltejs/kit';
import { assessSubmission } from '$lib/server/abuse';
import { getCountryOptions } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { discardBody, keptLogoOf, readEndorseForm, valuesOf } from '$lib/server/endorsements/form';
import { admitEndorsement, createEndorsement } from '$lib/server/endorsements/commands';
import { wakeMailWorker } from '$lib/server/jobs';
import { getPublishedStatement, getSigningTarget } from '$lib/server/statements/queries';
import type { Actions, PageServerLoad } from './$types';

// Sent without SvelteKit's client: its form checks itself by <Enhance />'s small script.
export const csr = false;

export const load: PageServerLoad = ({ params }) => {
	const statement = getPublishedStatement(getDb(), params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	return {
		statement: { slug: statement.slug, title: statement.title, status: statement.status, signingOpen: statement.signingOpen },
		countries: getCountryOptions(params.lang)
	};
};

export const actions: Actions = {
	default: async ({ request, params, url, locals, getClientAddress }) => {
		const db = getDb();
		const lang = params.lang;
		if (locals.bodyTooLarge) {
			await discardBody(request);
			return fail(413, { values: {}, errors: { logo: 'errors.logo.tooLarge' }, keptLogoHash: null, formError: 'errors.logo.bodyTooLarge' });
		}
		const statement = getSigningTarget(db, params.slug, lang);
		if (!statement) error(404, 'Not found');
		if (!statement.signingOpen) return fail(409, { closed: true, values: {}, errors: {}, keptLogoHash: null });

		const form = await request.formData();
		const checkInbox = `/${lang}/statements/${statement.slug}/endorse/check-your-inbox`;
		const email = String(form.get('contactEmail') ?? '');
		// The robot checks come first: nothing is decoded for a bot or a forged proof-of-work.
		const verdict = await assessSubmission(db, {
			honeypot: form.get('homepage'),
			altcha: form.get('altcha'),
			clientAddress: getClientAddress(),
			emailDomain: email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase()
		});
		if (verdict.action === 'pretend') redirect(303, checkInbox);
		if (verdict.action === 'retry') {
			return fail(400, { values: valuesOf(form), errors: {}, keptLogoHash: keptLogoOf(db, form), formError: 'errors.altcha.failed' });
		}

		// Spent and counted before anything is decoded: one solution is not a ticket for many uploads.
		const flags = admitEndorsement(db, verdict);
		if (!flags) return fail(400, { values: valuesOf(form), errors: {}, keptLogoHash: keptLogoOf(db, form), formError: 'errors.altcha.failed' });

		const result = await readEndorseForm(db, form, verdict.ipHmac);
		if (!result.ok) return fail(400, { values: result.values, errors: result.errors, keptLogoHash: result.keptLogoHash });

		createEndorsement(db, result.input, {
			statementId: statement.id,
			versionHash: statement.contentHash,
			locale: lang,
			origin: url.origin,
			logo: result.logo,
			logoHash: result.keptLogoHash,
			flags,
			ipHmac: verdict.ipHmac
		});
		wakeMailWorker();
		redirect(303, checkInbox);
	}
};
