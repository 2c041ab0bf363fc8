/**
 * The version of the consent wording a signer agrees to (messages sign.consent.*). Change the
 * version whenever the wording changes: every signature records the version it was given.
 */
export const CONSENT_VERSION = '2026-11-26';

/** The same for the endorse form's wording (endorse.consent, endorse.authorised). */
export const ENDORSEMENT_CONSENT_VERSION = '2026-11-27';
