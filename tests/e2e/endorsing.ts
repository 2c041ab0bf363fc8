import type { APIRequestContext } from '@playwright/test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { countRows } from './database';
import { SLUG } from './pages';

/** A logo as an organization would upload it: a PNG, here with a script hidden in a text chunk. */
export async function logoWithHiddenScript(script: string): Promise<Buffer> {
	const png = await sharp({ create: { width: 640, height: 320, channels: 4, background: { r: 180, g: 40, b: 30, alpha: 1 } } })
		.composite([{ input: Buffer.from('<svg width="640" height="320"><rect x="40" y="40" width="240" height="240" fill="#fff"/></svg>'), top: 0, left: 0 }])
		.png()
		.toBuffer();
	const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(script, 'latin1')]);
	const type = Buffer.from('tEXt', 'latin1');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0);
	const ihdrEnd = 8 + 25;
	return Buffer.concat([png.subarray(0, ihdrEnd), length, type, data, crc, png.subarray(ihdrEnd)]);
}

export const ORGANIZATION_FIELDS = {
	type: 'ngo',
	country: 'DE',
	contactRole: 'Press officer',
	authorised: 'on',
	consent: 'on'
};

/** POST the endorse form as a browser without JavaScript would (same-origin, multipart). */
export async function postEndorsement(
	request: APIRequestContext,
	baseURL: string,
	lang: string,
	fields: Record<string, string>,
	logo?: { name: string; mimeType: string; buffer: Buffer }
) {
	return request.post(`/${lang}/statements/${SLUG}/endorse`, {
		multipart: { ...ORGANIZATION_FIELDS, ...fields, ...(logo ? { logo } : {}) },
		headers: { Origin: baseURL, Accept: 'text/html' },
		maxRedirects: 0
	});
}

export function endorsementRows(contactEmail: string): number {
	return countRows('SELECT count(*) FROM endorsement WHERE contact_email_canonical = ?', contactEmail.toLowerCase());
}

export function logoRows(): number {
	return countRows('SELECT count(*) FROM logo');
}
