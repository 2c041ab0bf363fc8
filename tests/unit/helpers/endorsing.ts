import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { Db } from '$lib/server/db';
import { createEndorsement, type EndorseContext } from '$lib/server/endorsements/commands';
import { parseEndorsement, type EndorsementInput } from '$lib/validation/endorsement';
import { ORIGIN, seededStatement } from './signing';

export function endorsementInput(changes: Record<string, unknown> = {}): EndorsementInput {
	const result = parseEndorsement({
		name: 'Mine Action Review e.V.',
		type: 'ngo',
		country: 'DE',
		city: 'Köln',
		website: 'https://www.mineaction.example/about',
		support: 'We stand with the survivors.',
		contactName: 'Jana Becker',
		contactRole: 'Press officer',
		contactEmail: 'jana@mineaction.example',
		authorised: 'on',
		consent: 'on',
		...changes
	});
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.input;
}

export function endorse(db: Db, changes: Record<string, unknown> = {}, ctx: Partial<EndorseContext> = {}) {
	const statement = seededStatement(db);
	return createEndorsement(db, endorsementInput(changes), {
		statementId: statement.id,
		versionHash: statement.contentHash,
		locale: 'de',
		origin: ORIGIN,
		logoHash: null,
		...ctx
	});
}

/** A real image in memory: a coloured square, optionally with text chunks an attacker might hide things in. */
export async function makeImage(format: 'png' | 'jpeg' | 'webp' | 'gif', size = 200, comment?: string): Promise<Buffer> {
	let image = sharp({ create: { width: size, height: size, channels: 4, background: { r: 29, g: 74, b: 107, alpha: 1 } } });
	if (comment) image = image.withExif({ IFD0: { ImageDescription: comment, Artist: comment } });
	if (format === 'png') return image.png().toBuffer();
	if (format === 'jpeg') return image.jpeg().toBuffer();
	if (format === 'webp') return image.webp().toBuffer();
	return image.gif().toBuffer();
}

/** A PNG with a tEXt chunk added by hand after IHDR (what exiftool would write). */
export function withPngTextChunk(png: Buffer, keyword: string, text: string): Buffer {
	const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
	const type = Buffer.from('tEXt', 'latin1');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0);
	const ihdrEnd = 8 + 4 + 4 + 13 + 4;
	return Buffer.concat([png.subarray(0, ihdrEnd), length, type, data, crc, png.subarray(ihdrEnd)]);
}

