import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { getLogo, processLogo, purgeOrphanLogos, storeLogo } from '$lib/server/logos';
import { LOGO_MAX_BYTES } from '$lib/validation/endorsement';
import { openTestDb } from './helpers/db';
import { makeImage, withPngTextChunk } from './helpers/endorsing';

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

	it('is stored once per content, and dropped a day after upload when no endorsement uses it', async () => {
		const db = openTestDb();
		const result = await processLogo(await makeImage('png', 100));
		if (!result.ok) throw new Error(result.error);
		const uploaded = new Date('2026-11-27T10:00:00Z');
		storeLogo(db, result.logo, uploaded);
		storeLogo(db, result.logo, uploaded);
		expect(getLogo(db, result.logo.hash)?.data.equals(result.logo.data)).toBe(true);
		expect(purgeOrphanLogos(db, new Date('2026-11-27T20:00:00Z'))).toBe(0);
		expect(purgeOrphanLogos(db, new Date('2026-11-28T11:00:00Z'))).toBe(1);
		expect(getLogo(db, result.logo.hash)).toBeNull();
		expect(getLogo(db, '../etc/passwd')).toBeNull();
	});
});
