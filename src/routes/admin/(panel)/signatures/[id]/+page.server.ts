import { error, fail } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getCountryName } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { panelClock } from '$lib/server/panel-time';
import { LOCALE_NAMES } from '$lib/i18n/locales';
import { getSignatureWithHistory } from '$lib/server/signatures/queries';
import { MODERATION_ACTIONS, moderateSignature } from '$lib/server/signatures/moderation';
import { allows } from '$lib/server/signatures/states';
import { readModerationAction } from '$lib/server/signatures/form';
import { readSignatureReason } from '$lib/validation/choices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireStaff(event);
	const time = panelClock(event);
	const found = getSignatureWithHistory(getDb(), Number(event.params.id));
	if (!found) error(404, 'Not found');
	const s = found.signature;
	return {
		signature: {
			id: s.id,
			name: s.name,
			publicName: s.publicName,
			email: s.email,
			country: getCountryName(s.country, event.locals.locale),
			city: s.city,
			affiliation: s.affiliation,
			state: s.state,
			hidden: s.hidden,
			/** What a moderator may do now, as the transition table says. */
			actions: MODERATION_ACTIONS.filter((action) => allows(s, action)),
			flags: s.flags,
			language: LOCALE_NAMES[s.locale],
			versionHash: s.versionHash.slice(0, 12),
			consentVersion: s.consentVersion,
			updatesOptIn: s.updatesOptIn,
			ipHmac: s.ipHmac,
			createdAt: time(s.createdAt),
			confirmedAt: s.confirmedAt ? time(s.confirmedAt) : null
		},
		history: found.history.map((h) => ({
			id: h.id,
			action: h.action,
			actor: h.actorEmail,
			at: time(h.createdAt),
			reason: (h.after as { reason?: string } | null)?.reason ?? null
		}))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireStaff(event);
		const form = await event.request.formData();
		const action = readModerationAction(form.get('action'));
		if (!action) return fail(400, { error: 'admin.signatures.noAction' });
		const done = moderateSignature(getDb(), Number(event.params.id), action, {
			actor: user,
			reason: String(form.get('reason') ?? '').slice(0, 500) || undefined,
			reasonCode: readSignatureReason(form.get('reasonCode')),
			ipHmac: hashIp(event.getClientAddress())
		});
		if (!done) return fail(409, { error: 'admin.signatures.notAllowed' });
		return { done: action };
	}
};
