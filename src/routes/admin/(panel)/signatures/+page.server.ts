import { fail } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { applyBulkAction } from '$lib/server/signatures/moderation';
import { countSignatures, searchSignatures } from '$lib/server/signatures/queries';
import { filterEntries, readModerationAction, readSignatureFilter, undoBulkAction } from '$lib/server/signatures/form';
import { getCountryOptions } from '$lib/server/countries';
import { serverOnly } from '$lib/server-only';
import { readSignatureReason } from '$lib/validation/choices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireStaff(event);
	const db = getDb();
	const params = event.url.searchParams;
	const filter = readSignatureFilter(params);
	const after = Number(params.get('after')) || null;
	const { rows, next } = searchSignatures(db, filter, after);
	const bulk = readModerationAction(params.get('bulk'));
	return {
		filter: Object.fromEntries(filterEntries(filter)),
		// The page has no scripts (csr = false): its rows are only rendered, not written out again as data.
		rows: serverOnly(rows, event),
		countries: serverOnly([...getCountryOptions(event.locals.locale)], event),
		next,
		total: countSignatures(db, filter),
		preview: bulk ? { action: bulk, count: countSignatures(db, filter), reason: params.get('reason') ?? '', reasonCode: readSignatureReason(params.get('reasonCode')) ?? '' } : null,
		isAdmin: user.role === 'admin'
	};
};

export const actions: Actions = {
	bulk: async (event) => {
		const { user } = requireStaff(event);
		const form = await event.request.formData();
		const filter = readSignatureFilter(form);
		const action = readModerationAction(form.get('action'));
		const expected = Number(form.get('expected'));
		const reason = String(form.get('reason') ?? '').slice(0, 500);
		if (!action) return fail(400, { error: 'admin.signatures.noAction' });
		const db = getDb();
		// What was previewed must still be what is applied.
		if (countSignatures(db, filter) !== expected) return fail(409, { error: 'admin.signatures.changed' });
		const reasonCode = readSignatureReason(form.get('reasonCode'));
		const { count, auditId } = await applyBulkAction(db, filter, action, { actor: user, reason, reasonCode, ipHmac: hashIp(event.getClientAddress()) });
		return { applied: { action, count, auditId } };
	},
	undo: undoBulkAction
};
