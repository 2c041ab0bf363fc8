/** How a signer's name appears on public lists. (No imports: the database schema uses this too.) */
export const DISPLAY_CHOICES = ['full', 'initials', 'private'] as const;
export type DisplayChoice = (typeof DISPLAY_CHOICES)[number];

/** Kinds of organization that endorse a statement (message keys endorse.types.*). */
export const ORGANIZATION_TYPES = [
	'ngo',
	'diaspora',
	'academic',
	'professional',
	'company',
	'media',
	'faith',
	'public_body',
	'other'
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** Why moderators turn an endorsement down or take it off (message keys endorse.reasons.*). */
export const DECISION_REASONS = ['unverifiable', 'not_authorised', 'not_an_organization', 'duplicate', 'inappropriate', 'request', 'other'] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

/** An endorsement's life: its contact confirms the email, a moderator decides (see server/endorsements/states.ts). */
export const ENDORSEMENT_STATES = ['pending_email', 'pending_review', 'approved', 'rejected', 'withdrawn', 'removed'] as const;
export type EndorsementState = (typeof ENDORSEMENT_STATES)[number];

/**
 * Why a moderator rejected or invalidated a signature, as the public ledger shows it (a code: the
 * moderator's own words stay in the audit log).
 */
export const SIGNATURE_REASONS = ['duplicate', 'not_a_person', 'automated', 'abusive', 'requested', 'other'] as const;
export type SignatureReason = (typeof SIGNATURE_REASONS)[number];

export function readSignatureReason(value: unknown): SignatureReason | undefined {
	return (SIGNATURE_REASONS as readonly unknown[]).includes(value) ? (value as SignatureReason) : undefined;
}
