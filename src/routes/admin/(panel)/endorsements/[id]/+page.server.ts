import { error, fail } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { getHistory } from '$lib/server/audit';
import { requireStaff } from '$lib/server/auth/guard';
import { getCountryName, getCountryOptions } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { getEndorsementSignals } from '$lib/server/endorsements/review-queue';
import { canReview, editEndorsement, REVIEW_ACTIONS, reviewEndorsement } from '$lib/server/endorsements/review';
import { getEndorsement } from '$lib/server/endorsements/queries';
import { readEndorsementEdit, readReviewDecision } from '$lib/server/endorsements/review-form';
import { logoPath } from '$lib/server/endorsements/logos';
import { panelClock } from '$lib/server/panel-time';
import { LOCALE_NAMES } from '$lib/i18n/locales';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event);
	const time = panelClock(event);
	const db = getDb();
	const row = getEndorsement(db, Number(event.params.id));
	if (!row) error(404, 'Not found');
	const locale = event.locals.locale;
	return {
		endorsement: {
			id: row.id,
			state: row.state,
			name: row.name,
			type: row.type,
			country: row.country,
			countryName: getCountryName(row.country, locale),
			city: row.city,
			website: row.website,
			logo: row.logoHash ? logoPath(row.logoHash) : null,
			support: row.support,
			contactName: row.contactName,
			contactRole: row.contactRole,
			contactEmail: row.contactEmail,
			language: LOCALE_NAMES[row.locale],
			consentVersion: row.consentVersion,
			ipHmac: row.ipHmac,
			decisionReason: row.decisionReason,
			decisionNote: row.decisionNote,
			submittedAt: time(row.createdAt),
			verifiedAt: row.verifiedAt ? time(row.verifiedAt) : null
		},
		actions: REVIEW_ACTIONS.filter((action) => canReview(row.state, action)),
		signals: getEndorsementSignals(db, row),
		countries: getCountryOptions(locale),
		history: getHistory(db, 'endorsement', row.id).map((h) => ({
			id: h.id,
			action: h.action,
			actor: h.actorEmail,
			at: time(h.createdAt),
			before: h.before as Record<string, unknown> | null,
			after: h.after as Record<string, unknown> | null
		}))
	};
};

export const actions: Actions = {
	review: async (event) => {
		const { user } = requireStaff(event);
		const decision = readReviewDecision(await event.request.formData());
		if (!decision.ok) return fail(400, { error: decision.error });
		const done = reviewEndorsement(getDb(), Number(event.params.id), decision.action, {
			actor: user,
			origin: event.url.origin,
			reason: decision.reason,
			note: decision.note,
			ipHmac: hashIp(event.getClientAddress())
		});
		if (!done) return fail(409, { error: 'admin.signatures.notAllowed' });
		return { done: decision.action };
	},
	edit: async (event) => {
		const { user } = requireStaff(event);
		const edit = readEndorsementEdit(await event.request.formData());
		if (!edit.ok) return fail(400, { editErrors: edit.errors, values: edit.values });
		const done = editEndorsement(getDb(), Number(event.params.id), edit.input, { actor: user, ipHmac: hashIp(event.getClientAddress()) });
		if (!done) error(404, 'Not found');
		return { done: 'edit' };
	}
};
