/** Reading moderators' forms about an endorsement: a decision, and corrections. */
import { DECISION_REASONS, type DecisionReason } from '$lib/validation/choices';
import { endorsementSchema, type EndorsementErrors } from '$lib/validation/endorsement';
import { firstErrors } from '$lib/validation/fields';
import { normalizeText } from '$lib/validation/text';
import { EDITABLE_FIELDS, REVIEW_ACTIONS, type EndorsementEdit, type ReviewAction } from './review';

export function readReviewDecision(
	form: FormData
): { ok: true; action: ReviewAction; reason?: DecisionReason; note?: string } | { ok: false; error: string } {
	const action = form.get('action');
	if (!(REVIEW_ACTIONS as readonly unknown[]).includes(action)) return { ok: false, error: 'admin.signatures.noAction' };
	const reason = form.get('reason');
	const note = normalizeText(String(form.get('note') ?? '')).slice(0, 1000) || undefined;
	const typed = (DECISION_REASONS as readonly unknown[]).includes(reason) ? (reason as DecisionReason) : undefined;
	if ((action === 'reject' || action === 'remove') && !typed) return { ok: false, error: 'admin.endorsements.reasonRequired' };
	if (typed === 'other' && !note) return { ok: false, error: 'admin.endorsements.noteRequired' };
	return { ok: true, action: action as ReviewAction, reason: typed, note };
}

const editSchema = endorsementSchema.pick({ name: true, type: true, country: true, city: true, website: true, support: true });

export function readEndorsementEdit(
	form: FormData
): { ok: true; input: EndorsementEdit } | { ok: false; errors: EndorsementErrors; values: Record<string, string> } {
	const values = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, typeof form.get(f) === 'string' ? String(form.get(f)) : '']));
	const result = editSchema.safeParse(values);
	if (result.success) return { ok: true, input: result.data };
	return { ok: false, errors: firstErrors(result.error.issues), values };
}
