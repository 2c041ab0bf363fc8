import { createHash } from 'node:crypto';
import { and, desc, eq, lt, notExists, sql } from 'drizzle-orm';
import { LOGO_MAX_BYTES } from '$lib/validation/endorsement';
import { countInWindow } from '../abuse/limits';
import type { Db } from '../db';
import { endorsement, logo, type Logo } from '../db/schema';

/** Logos are shown at most this large (in CSS pixels, twice for sharp screens). */
export const LOGO_MAX_SIDE = 512;
const LOGO_MIN_SIDE = 48;
// A decompression bomb stops here instead of filling the memory.
const MAX_INPUT_PIXELS = 40_000_000;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);

// sharp brings libvips, ~20 MB of memory once loaded: only a server that receives a logo loads it.
let sharpModule: Promise<typeof import('sharp')> | null = null;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

export type ProcessedLogo = { hash: string; contentType: 'image/webp'; data: Buffer; width: number; height: number };

/**
 * Decode an upload and draw it anew: at most 512 px, as WebP, with no metadata (EXIF, comments,
 * colour-profile tricks, anything hidden in chunks). What is served is never the uploaded bytes.
 * Returns a message key when the file is refused.
 */
export async function processLogo(upload: Uint8Array): Promise<{ ok: true; logo: ProcessedLogo } | { ok: false; error: string }> {
	if (upload.byteLength > LOGO_MAX_BYTES) return { ok: false, error: 'errors.logo.tooLarge' };
	const head = Buffer.from(upload.subarray(0, 512)).toString('latin1');
	if (/<svg[\s>]|<\?xml/i.test(head)) return { ok: false, error: 'errors.logo.svg' };

	const sharp = await loadSharp();
	let format: string | undefined;
	let width = 0;
	let height = 0;
	try {
		const meta = await sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
		format = meta.format;
		width = meta.autoOrient?.width ?? meta.width ?? 0;
		height = meta.autoOrient?.height ?? meta.height ?? 0;
	} catch {
		return { ok: false, error: 'errors.logo.type' };
	}
	if (format === 'svg') return { ok: false, error: 'errors.logo.svg' };
	if (!format || !ACCEPTED_FORMATS.has(format)) return { ok: false, error: 'errors.logo.type' };
	if (Math.min(width, height) < LOGO_MIN_SIDE) return { ok: false, error: 'errors.logo.tooSmall' };

	try {
		const { data, info } = await sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
			.autoOrient()
			.resize(LOGO_MAX_SIDE, LOGO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
			.webp({ quality: 90, alphaQuality: 100 })
			.toBuffer({ resolveWithObject: true });
		const hash = createHash('sha256').update(data).digest('hex');
		return { ok: true, logo: { hash, contentType: 'image/webp', data, width: info.width, height: info.height } };
	} catch {
		return { ok: false, error: 'errors.logo.broken' };
	}
}

/** Keep a processed logo (the same image twice is stored once). */
export function storeLogo(db: Pick<Db, 'insert'>, processed: ProcessedLogo, now = new Date()): void {
	db.insert(logo)
		.values({ ...processed, createdAt: now })
		.onConflictDoNothing()
		.run();
}

export function getLogo(db: Db, hash: string): Logo | null {
	if (!isLogoHash(hash)) return null;
	return db.select().from(logo).where(eq(logo.hash, hash)).get() ?? null;
}

export function isLogoHash(value: unknown): value is string {
	return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** The public address of a logo: its content hash, so it can be cached for ever. */
export function logoPath(hash: string): string {
	return `/logos/${hash}.webp`;
}

/** Logos of forms not (yet) accepted, kept so that nobody has to choose theirs again after a typo. */
export const UNACCEPTED_LOGOS_MAX_BYTES = 20 * 1024 * 1024;
export const UNACCEPTED_LOGOS_PER_ADDRESS_HOUR = 5;
/** Less than an hour, so that the ten-minute jobs purge every such logo within an hour. */
const ORPHAN_GRACE_MS = 50 * 60 * 1000;

/**
 * Keep the logo of a form that was not accepted (a field to correct), so that it need not be
 * chosen again: at most UNACCEPTED_LOGOS_PER_ADDRESS_HOUR from one (hashed) address an hour, and
 * UNACCEPTED_LOGOS_MAX_BYTES of such logos in all, the oldest going first. False: not kept.
 */
export function keepUnacceptedLogo(db: Db, processed: ProcessedLogo, ipHmac: string, now = new Date()): boolean {
	return db.transaction(
		(tx) => {
			if (countInWindow(tx, `logo:${ipHmac}`, 60 * 60 * 1000, now.getTime()) > UNACCEPTED_LOGOS_PER_ADDRESS_HOUR) return false;
			storeLogo(tx, processed, now);
			const unaccepted = tx
				.select({ hash: logo.hash, bytes: sql<number>`length(${logo.data})` })
				.from(logo)
				.where(notExists(tx.select({ id: endorsement.id }).from(endorsement).where(eq(endorsement.logoHash, logo.hash))))
				.orderBy(desc(logo.createdAt), sql`rowid DESC`)
				.all();
			let total = 0;
			for (const { hash, bytes } of unaccepted) {
				total += bytes;
				if (total > UNACCEPTED_LOGOS_MAX_BYTES) tx.delete(logo).where(eq(logo.hash, hash)).run();
			}
			return tx.select({ hash: logo.hash }).from(logo).where(eq(logo.hash, processed.hash)).get() !== undefined;
		},
		{ behavior: 'immediate' }
	);
}

/** Delete logos no endorsement uses (uploads whose form was never completed), within the hour. */
export function purgeOrphanLogos(db: Db, now = new Date()): number {
	return db
		.delete(logo)
		.where(
			and(
				lt(logo.createdAt, new Date(now.getTime() - ORPHAN_GRACE_MS)),
				notExists(db.select({ id: endorsement.id }).from(endorsement).where(eq(endorsement.logoHash, logo.hash)))
			)
		)
		.run().changes;
}
