import type { VersionContent } from './queries';

const LIMITS: Record<keyof VersionContent, [number, number]> = {
	title: [3, 300],
	addressee: [0, 500],
	body: [20, 50_000],
	closing: [1, 200],
	issuerName: [2, 200],
	signatoryTitle: [0, 1000],
	issuedPlace: [2, 200]
};

/** The text fields of a statement version from a form; a message key for the first that is wrong. */
export function readVersionContent(form: FormData): { content: VersionContent } | { error: string; field: string } {
	const values = {} as Record<keyof VersionContent, string>;
	for (const [field, [min, max]] of Object.entries(LIMITS) as [keyof VersionContent, [number, number]][]) {
		const value = String(form.get(field) ?? '').replace(/\r\n/g, '\n').normalize('NFC').trim();
		if (value.length < min || value.length > max) return { error: 'admin.statements.fieldLength', field };
		values[field] = value;
	}
	return { content: { ...values, addressee: values.addressee || null } };
}

/** A date input (YYYY-MM-DD) as the start of that day in UTC, or null. */
export function readDay(value: FormDataEntryValue | null): Date | null | 'invalid' {
	if (!value) return null;
	return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? new Date(`${value}T00:00:00Z`) : 'invalid';
}
