/** The moderators' forms about signatures: a list's filter, an action, undoing a bulk action. */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { isCountryCode } from '$lib/country-codes';
import { hashIp } from '../abuse/ip';
import { requireStaff } from '../auth/guard';
import { getDb } from '../db';
import { SIGNATURE_STATES, type SignatureState } from '../db/schema';
import { MODERATION_ACTIONS, revertBulkAction, type ModerationAction } from './moderation';
import type { SignatureFilter } from './queries';

/** A filter from a query string or form: unknown values are dropped, never trusted. */
export function readSignatureFilter(params: URLSearchParams | FormData): SignatureFilter {
	const get = (key: string) => {
		const value = params.get(key);
		return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;
	};
	const state = get('state');
	const flag = get('flagged');
	const hidden = get('hidden');
	const country = get('country');
	return {
		q: get('q'),
		country: country && isCountryCode(country) ? country : undefined,
		state: state && (SIGNATURE_STATES as readonly string[]).includes(state) ? (state as SignatureState) : undefined,
		flagged: flag === 'yes' ? true : flag === 'no' ? false : undefined,
		hidden: hidden === 'yes' ? true : hidden === 'no' ? false : undefined,
		from: get('from'),
		to: get('to'),
		ipHmac: get('ipHmac')
	};
}

export function readModerationAction(value: unknown): ModerationAction | null {
	return (MODERATION_ACTIONS as readonly unknown[]).includes(value) ? (value as ModerationAction) : null;
}

/** The filter as query-string pairs, for links and hidden fields. */
export function filterEntries(filter: SignatureFilter): [string, string][] {
	const entries: [string, string][] = [];
	for (const [key, value] of Object.entries(filter)) {
		if (value === undefined) continue;
		entries.push([key, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
	}
	return entries;
}

/** The "undo a bulk action" form action, offered by the signatures page and the audit log alike. */
export async function undoBulkAction(event: RequestEvent) {
	const { user } = requireStaff(event);
	const form = await event.request.formData();
	const count = await revertBulkAction(getDb(), Number(form.get('auditId')), { actor: user, ipHmac: hashIp(event.getClientAddress()) });
	if (count === null) return fail(409, { error: 'admin.signatures.cannotUndo' });
	return { undone: count };
}
