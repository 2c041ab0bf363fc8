/** What the code reads about one endorsement: by a link's token, or by id for the moderators. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { endorsement, type Endorsement } from '../db/schema';
import { hashToken, isWellFormedToken } from '../tokens';

export function getEndorsementByConfirmToken(db: Db, token: string): Endorsement | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(endorsement).where(eq(endorsement.confirmTokenHash, hashToken(token))).get() ?? null;
}

export function getEndorsementByWithdrawToken(db: Db, token: string): Endorsement | null {
	if (!isWellFormedToken(token)) return null;
	return db.select().from(endorsement).where(eq(endorsement.withdrawTokenHash, hashToken(token))).get() ?? null;
}

export function getEndorsement(db: Db, id: number): Endorsement | null {
	if (!Number.isSafeInteger(id)) return null;
	return db.select().from(endorsement).where(eq(endorsement.id, id)).get() ?? null;
}

