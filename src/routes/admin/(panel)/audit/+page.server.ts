import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { describeChange } from '$lib/server/audit';
import { listAuditEvents } from '$lib/server/moderation';
import { undoBulkAction } from '$lib/server/moderation-form';
import type { Actions, PageServerLoad } from './$types';

// The log can be read and filtered here, never edited: there is no action that changes an entry.
export const load: PageServerLoad = (event) => {
	requireStaff(event);
	const params = event.url.searchParams;
	const filter = {
		action: params.get('action')?.slice(0, 60) || undefined,
		actor: params.get('actor')?.slice(0, 120) || undefined,
		subject: params.get('subject')?.slice(0, 60) || undefined
	};
	const { rows, next } = listAuditEvents(getDb(), filter, Number(params.get('before')) || null);
	return {
		filter,
		next,
		events: rows.map((e) => ({
			id: e.id,
			at: e.createdAt.toISOString().slice(0, 19).replace('T', ' '),
			actor: e.actorEmail,
			action: e.action,
			subject: e.subjectType ? `${e.subjectType}${e.subjectId ? ` ${e.subjectId}` : ''}` : '',
			change: describeChange(e.before, e.after),
			ipHmac: e.ipHmac,
			undoable: e.subjectType === 'bulk' && e.action !== 'bulk.revert'
		}))
	};
};

export const actions: Actions = {
	undo: undoBulkAction
};
