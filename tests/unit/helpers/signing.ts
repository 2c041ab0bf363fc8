import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { mailOutbox, signature } from '$lib/server/db/schema';
import { seedStatements } from '$lib/server/seed';
import { getFeaturedStatement } from '$lib/server/statements/queries';
import { confirmSignature, createSignature, type SignContext } from '$lib/server/signatures/commands';
import { parseSignature, type SignatureInput } from '$lib/validation/signature';

export const ORIGIN = 'http://localhost:4999';

export function seededStatement(db: Db) {
	seedStatements(db);
	return getFeaturedStatement(db, 'en')!;
}

export function input(changes: Record<string, unknown> = {}): SignatureInput {
	const result = parseSignature({
		name: 'Ayla Məmmədova',
		email: 'ayla@example.org',
		country: 'AZ',
		display: 'full',
		consent: 'on',
		...changes
	});
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.input;
}

export function sign(db: Db, changes: Record<string, unknown> = {}, ctx: Partial<SignContext> = {}) {
	const statement = seededStatement(db);
	const context = { statementId: statement.id, versionHash: statement.contentHash, locale: 'en' as const, origin: ORIGIN, ...ctx };
	return db.transaction((tx) => createSignature(tx, input(changes), context), { behavior: 'immediate' });
}

/** Confirm through a link, in a transaction of its own (the server's `confirm` takes the group commit). */
export function confirmByLink(db: Db, token: string, origin = ORIGIN, now?: Date) {
	return db.transaction((tx) => confirmSignature(tx, token, origin, now), { behavior: 'immediate' });
}

/** The token in the newest queued email's link of that kind. */
export function lastToken(db: Db, kind: 'confirm' | 'withdraw'): string {
	const mails = db.select().from(mailOutbox).all().reverse();
	for (const mail of mails) {
		const link = mail.payload[`${kind}Link`];
		if (link) return link.split('/').pop()!;
	}
	throw new Error(`no ${kind} link queued`);
}

export function signatureRows(db: Db) {
	return db.select().from(signature).all();
}

export function mailsTo(db: Db, to: string) {
	return db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).all();
}
