import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { wakeMailWorker } from '$lib/server/jobs';
import { createSignature } from '$lib/server/signatures';
import { loadStatementExtras } from '$lib/server/statement-page';
import { getPublishedStatement } from '$lib/server/statements';
import { parseSignature, SIGNATURE_FIELDS } from '$lib/validation/signature';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	return { statement, ...loadStatementExtras(db, statement, params.lang) };
};

export const actions: Actions = {
	default: async ({ request, params, url }) => {
		const db = getDb();
		const lang = params.lang;
		const statement = getPublishedStatement(db, params.slug, lang);
		if (!statement) error(404, 'Not found');
		if (statement.status !== 'open') return fail(409, { closed: true, values: {}, errors: {} });

		const form = await request.formData();
		const raw = Object.fromEntries(
			SIGNATURE_FIELDS.map((field) => [field, typeof form.get(field) === 'string' ? form.get(field) : undefined])
		);
		const checkInbox = `/${lang}/statements/${statement.slug}/check-your-inbox`;
		// The honeypot: people never see this field; a bot that fills it is told it succeeded.
		if (form.get('website')) redirect(303, checkInbox);

		const parsed = parseSignature(raw);
		if (!parsed.ok) {
			const { consent: _, ...values } = raw;
			return fail(400, { values: { ...values, consent: raw.consent === 'on' ? 'on' : undefined }, errors: parsed.errors });
		}
		createSignature(db, parsed.input, {
			statementId: statement.id,
			versionHash: statement.contentHash,
			locale: lang,
			origin: url.origin
		});
		wakeMailWorker();
		redirect(303, checkInbox);
	}
};
