import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';
import { describeChange, type ValueText } from '$lib/server/audit';
import { listAuditEvents } from '$lib/server/audit';
import { undoBulkAction } from '$lib/server/signatures/form';
import type { Actions, PageServerLoad } from './$types';
import { panelClock } from '$lib/server/panel-time';
import { nameSubjects } from '$lib/server/audit-subjects';

/** Where the words for a recorded value are (a state, a role, a bulk action, a reason), by what the entry is about. */
function valuesOf(about: string | null, field: string): string | null {
	if (field === 'role') return 'admin.roles';
	if (field === 'action' || field === 'undo') return 'admin.actions';
	if (field === 'state' || field === 'states') return about === 'endorsement' ? 'admin.endorsements.states' : 'admin.states';
	if (field === 'status' && about === 'statement') return 'admin.statements.status';
	// An organization's rejection or removal: the reason as the contact person read it.
	if (field === 'reason' && about === 'endorsement') return 'endorse.reasons';
	// A signature's rejection or invalidation: the code the public ledger shows.
	if (field === 'reasonCode') return 'admin.signatures.reasons';
	return null;
}

/** Recorded values in the moderator's language where the site has words for them; others as recorded. */
function valueText(locale: Locale, about: string | null): ValueText {
	return (field, value) => {
		const where = valuesOf(about, field);
		if (!where) return null;
		const id = `${where}.${value}`;
		const text = translate(locale, id);
		return text === id ? null : text;
	};
}

// The log can be read and filtered here, never edited: there is no action that changes an entry.
export const load: PageServerLoad = (event) => {
	const { user } = requireStaff(event);
	const time = panelClock(event);
	const params = event.url.searchParams;
	const filter = {
		action: params.get('action')?.slice(0, 60) || undefined,
		actor: params.get('actor')?.slice(0, 120) || undefined,
		subject: params.get('subject')?.slice(0, 60) || undefined
	};
	const { rows, next } = listAuditEvents(getDb(), filter, Number(params.get('before')) || null);
	const subjects = nameSubjects(getDb(), rows, event.locals.locale, { admin: user.role === 'admin' });
	return {
		filter,
		next,
		events: rows.map((e, i) => ({
			id: e.id,
			at: time(e.createdAt),
			actor: e.actorEmail,
			action: e.action,
			subject: subjects[i],
			change: describeChange(e.before, e.after, valueText(event.locals.locale, e.action === 'export.endorsements' ? 'endorsement' : e.subjectType)),
			ipHmac: e.ipHmac,
			undoable: e.subjectType === 'bulk' && e.action !== 'bulk.revert'
		}))
	};
};

export const actions: Actions = {
	undo: undoBulkAction
};
