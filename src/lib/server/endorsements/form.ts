/** Reading the endorse form: its text fields, its logo (new or already received), and an oversized body. */
import { ENDORSEMENT_FIELDS, parseEndorsement, type EndorsementErrors, type EndorsementInput } from '$lib/validation/endorsement';
import type { Db } from '../db';
import { getLogo, isLogoHash, keepUnacceptedLogo, processLogo, type ProcessedLogo } from './logos';

export type EndorseFormResult =
	| { ok: true; input: EndorsementInput; logo: ProcessedLogo | null; keptLogoHash: string | null }
	| { ok: false; values: Record<string, string | undefined>; errors: EndorsementErrors; keptLogoHash: string | null };

/** Values to send back so the form keeps what was typed (the checkboxes as "on" or nothing). */
export function valuesOf(form: FormData): Record<string, string | undefined> {
	return Object.fromEntries(
		ENDORSEMENT_FIELDS.map((field) => {
			const value = form.get(field);
			return [field, typeof value === 'string' ? value.slice(0, 2000) : undefined];
		})
	);
}

/** The logo the form already sent once (kept after a field to correct), if it is still kept. */
export function keptLogoOf(db: Db, form: FormData): string | null {
	const kept = form.get('keptLogo');
	return isLogoHash(kept) && getLogo(db, kept) ? kept : null;
}

/**
 * The form's fields and its logo, decoded and drawn anew. Call it after the robot checks: decoding
 * an image is the costly part. A good logo of a form with a field to correct is kept (within the
 * limits of keepUnacceptedLogo), so that it need not be chosen again.
 */
export async function readEndorseForm(db: Db, form: FormData, ipHmac: string): Promise<EndorseFormResult> {
	const values = valuesOf(form);
	const parsed = parseEndorsement(values);
	const errors: EndorsementErrors = parsed.ok ? {} : parsed.errors;

	const file = form.get('logo');
	let logo: ProcessedLogo | null = null;
	let keptLogoHash = keptLogoOf(db, form);
	if (file instanceof File && file.size > 0) {
		const processed = await processLogo(new Uint8Array(await file.arrayBuffer()));
		if (processed.ok) {
			logo = processed.logo;
			keptLogoHash = null;
		} else {
			errors.logo = processed.error;
		}
	} else if (typeof file === 'string' && file !== '') {
		// A logo sent as text (an urlencoded form, a hand-made request) is not a file.
		errors.logo = 'errors.logo.type';
	}

	if (!parsed.ok || errors.logo) {
		// A good logo need not be chosen again when something else was wrong.
		if (logo) keptLogoHash = keepUnacceptedLogo(db, logo, ipHmac) ? logo.hash : null;
		return { ok: false, values, errors, keptLogoHash };
	}
	return { ok: true, input: parsed.input, logo, keptLogoHash };
}

/** Read and drop a body nobody will use, so that the browser finishes sending and sees the answer. */
export async function discardBody(request: Request): Promise<void> {
	try {
		for await (const chunk of request.body ?? []) void chunk;
	} catch {
		// over the server's own limit: the connection ends anyway
	}
}
