/** Reading the endorse form: its text fields, its logo (new or already received), and an oversized body. */
import { ENDORSEMENT_FIELDS, parseEndorsement, type EndorsementErrors, type EndorsementInput } from '$lib/validation/endorsement';
import type { Db } from './db';
import { getLogo, isLogoHash, processLogo, storeLogo, type ProcessedLogo } from './logos';

export type EndorseFormResult =
	| { ok: true; input: EndorsementInput; logo: ProcessedLogo | null; keptLogoHash: string | null }
	| { ok: false; values: Record<string, string | undefined>; errors: EndorsementErrors; keptLogoHash: string | null };

/** Values to send back so the form keeps what was typed (the checkboxes as "on" or nothing). */
function valuesOf(form: FormData): Record<string, string | undefined> {
	return Object.fromEntries(
		ENDORSEMENT_FIELDS.map((field) => {
			const value = form.get(field);
			return [field, typeof value === 'string' ? value.slice(0, 2000) : undefined];
		})
	);
}

export async function readEndorseForm(db: Db, form: FormData): Promise<EndorseFormResult> {
	const values = valuesOf(form);
	const parsed = parseEndorsement(values);
	const errors: EndorsementErrors = parsed.ok ? {} : parsed.errors;

	const file = form.get('logo');
	const kept = form.get('keptLogo');
	let logo: ProcessedLogo | null = null;
	let keptLogoHash = isLogoHash(kept) && getLogo(db, kept) ? kept : null;
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
		if (logo) {
			storeLogo(db, logo);
			keptLogoHash = logo.hash;
		}
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
