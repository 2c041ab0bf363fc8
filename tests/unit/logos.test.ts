import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { getLogo, keepUnacceptedLogo, processLogo, purgeOrphanLogos, storeLogo, UNACCEPTED_LOGOS_MAX_BYTES } from '$lib/server/endorsements/logos';
import { LOGO_MAX_BYTES } from '$lib/validation/endorsement';
import { openTestDb } from './helpers/db';
import { endorse, makeImage, withPngTextChunk } from './helpers/endorsing';
import { endorsement } from '$lib/server/db/schema';

const SCRIPT = '<script>alert(document.cookie)</script>';

describe('an uploaded logo', () => {
	it('is redrawn as WebP of at most 512 px, whatever format and size it came in', async () => {
		for (const format of ['png', 'jpeg', 'webp'] as const) {
			const result = await processLogo(await makeImage(format, 1600));
			if (!result.ok) throw new Error(result.error);
			expect(result.logo.contentType).toBe('image/webp');
			expect([result.logo.width, result.logo.height]).toEqual([512, 512]);
			const meta = await sharp(result.logo.data).metadata();
			expect(meta.format).toBe('webp');
			expect(result.logo.hash).toMatch(/^[0-9a-f]{64}$/);
		}
	});

	it('is never enlarged', async () => {
		const result = await processLogo(await makeImage('png', 120));
		expect(result.ok && [result.logo.width, result.logo.height]).toEqual([120, 120]);
	});

	it('loses a script hidden in its metadata (PNG text chunk, EXIF)', async () => {
		const png = withPngTextChunk(await makeImage('png', 100), 'Comment', SCRIPT);
		expect(png.toString('latin1')).toContain(SCRIPT);
		expect((await sharp(png).metadata()).format).toBe('png');
		const jpeg = await makeImage('jpeg', 100, SCRIPT);
		expect(jpeg.toString('latin1')).toContain(SCRIPT);
		for (const upload of [png, jpeg]) {
			const result = await processLogo(upload);
			if (!result.ok) throw new Error(result.error);
			expect(result.logo.data.toString('latin1')).not.toContain('script');
			const meta = await sharp(result.logo.data).metadata();
			expect(meta.exif).toBeUndefined();
			expect(meta.comments ?? []).toEqual([]);
		}
	});

	it('is refused with a clear reason when it is SVG, not an image, too large, too small or GIF', async () => {
		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script></svg>');
		expect(await processLogo(svg)).toEqual({ ok: false, error: 'errors.logo.svg' });
		const xmlSvg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>');
		expect(await processLogo(xmlSvg)).toEqual({ ok: false, error: 'errors.logo.svg' });
		expect(await processLogo(Buffer.from('This is a text file renamed to logo.png\n'))).toEqual({ ok: false, error: 'errors.logo.type' });
		expect(await processLogo(Buffer.alloc(LOGO_MAX_BYTES + 1))).toEqual({ ok: false, error: 'errors.logo.tooLarge' });
		expect(await processLogo(await makeImage('png', 20))).toEqual({ ok: false, error: 'errors.logo.tooSmall' });
		expect(await processLogo(await makeImage('gif', 100))).toEqual({ ok: false, error: 'errors.logo.type' });
		const truncated = (await makeImage('png', 300)).subarray(0, 200);
		expect((await processLogo(truncated)).ok).toBe(false);
	});

	it('is stored once per content, and dropped within the hour after upload when no endorsement uses it', async () => {
		const db = openTestDb();
		const result = await processLogo(await makeImage('png', 100));
		if (!result.ok) throw new Error(result.error);
		const uploaded = new Date('2026-11-27T10:00:00Z');
		storeLogo(db, result.logo, uploaded);
		storeLogo(db, result.logo, uploaded);
		expect(getLogo(db, result.logo.hash)?.data.equals(result.logo.data)).toBe(true);
		expect(purgeOrphanLogos(db, new Date('2026-11-27T10:40:00Z'))).toBe(0);
		// The jobs run every ten minutes: at 10:51 the logo goes, within the hour of its upload.
		expect(purgeOrphanLogos(db, new Date('2026-11-27T10:51:00Z'))).toBe(1);
		expect(getLogo(db, result.logo.hash)).toBeNull();
		expect(getLogo(db, '../etc/passwd')).toBeNull();
	});

	it('comes with its endorsement in one write: kept while the endorsement uses it, never without it', async () => {
		const db = openTestDb();
		const result = await processLogo(await makeImage('png', 100));
		if (!result.ok) throw new Error(result.error);
		expect(endorse(db, {}, { logo: result.logo, logoHash: 'an-older-kept-one' })).toBe('created');
		expect(db.select({ logoHash: endorsement.logoHash }).from(endorsement).get()).toEqual({ logoHash: result.logo.hash });
		expect(getLogo(db, result.logo.hash)?.data.equals(result.logo.data)).toBe(true);
		expect(purgeOrphanLogos(db, new Date(Date.now() + 2 * 3600_000))).toBe(0);
		expect(getLogo(db, result.logo.hash)).not.toBeNull();
		const other = await processLogo(await makeImage('jpeg', 120));
		if (!other.ok) throw new Error(other.error);
		// An endorsement that fails to be written takes its logo with it.
		expect(() => endorse(db, {}, { logo: other.logo, statementId: 999_999 })).toThrow();
		expect(getLogo(db, other.logo.hash)).toBeNull();
		// So does a submission that changes nothing (the same organization, already waiting for its contact, three emails sent).
		endorse(db);
		endorse(db);
		expect(endorse(db, {}, { logo: other.logo })).toBe('unchanged');
		expect(getLogo(db, other.logo.hash)).toBeNull();
	});

	it('keeps at most five unaccepted logos an hour from one address, and 20 MB of them in all, the oldest going first', async () => {
		const db = openTestDb();
		const logos = [];
		for (let i = 0; i < 7; i++) {
			const result = await processLogo(await makeImage('png', 100 + i));
			if (!result.ok) throw new Error(result.error);
			logos.push(result.logo);
		}
		const at = new Date('2026-11-27T10:00:00Z');
		expect(logos.slice(0, 6).map((l, i) => keepUnacceptedLogo(db, l, 'address-a', new Date(at.getTime() + i * 1000)))).toEqual([true, true, true, true, true, false]);
		expect(getLogo(db, logos[5].hash)).toBeNull();
		expect(keepUnacceptedLogo(db, logos[5], 'address-b', at)).toBe(true);
		const kept = () => (db.$client.prepare('SELECT count(*) FROM logo').pluck().get() as number);
		expect(kept()).toBe(6);
		// A newest logo as large as the whole allowance leaves no room for the older ones.
		const total = db.$client.prepare('SELECT sum(length(data)) FROM logo').pluck().get() as number;
		expect(total).toBeLessThan(UNACCEPTED_LOGOS_MAX_BYTES);
		const big = { ...logos[6], data: Buffer.alloc(UNACCEPTED_LOGOS_MAX_BYTES, 1) };
		expect(keepUnacceptedLogo(db, big, 'address-c', new Date(at.getTime() + 60_000))).toBe(true);
		expect(kept()).toBe(1);
		expect(getLogo(db, big.hash)).not.toBeNull();
	});
});
