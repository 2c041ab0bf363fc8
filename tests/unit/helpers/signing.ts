import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { mailOutbox, signature } from '$lib/server/db/schema';
import { seedStatements } from '$lib/server/seed';
import { getFeaturedStatement } from '$lib/server/statements/queries';
import { createSignature, type SignContext } from '$lib/server/signatures/commands';
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
	return createSignature(db, input(changes), {
		statementId: statement.id,
		versionHash: statement.contentHash,
		locale: 'en',
		origin: ORIGIN,
		...ctx
	});
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
