import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import sharp from 'sharp';
import { countRows } from './database';
import { contentTypes, hostileField, hostileString, seedOption, solvedPayloads } from './hostile';
import { SLUG } from './pages';

const RUNS = 500;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
test.setTimeout(300_000);

/** What an attacker might send as the logo: random bytes, scripts, a real image under a lying name. */
async function logoCandidates(): Promise<{ name: string; type: string; bytes: Uint8Array; valid: boolean }[]> {
	const png = await sharp({ create: { width: 60, height: 60, channels: 3, background: '#1d4a6b' } }).png().toBuffer();
	return [
		{ name: 'logo.png', type: 'image/png', bytes: png, valid: true },
		{ name: '<script>.png', type: 'image/png', bytes: png, valid: true },
		{ name: 'logo.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), valid: false },
		{ name: 'logo.png', type: 'image/png', bytes: Buffer.from('GIF89a not really'), valid: false },
		{ name: 'x.exe', type: 'application/octet-stream', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00]), valid: false },
		{ name: '', type: '', bytes: new Uint8Array(), valid: true },
		{ name: 'half.png', type: 'image/png', bytes: png.subarray(0, 40), valid: false }
	];
}

function hostileRecord(choice: (values: string[]) => fc.Arbitrary<string | undefined>): fc.Arbitrary<Record<string, string | undefined>> {
	return fc.record({
		name: hostileField,
		type: choice(['ngo', 'media', 'cult', '']),
		country: choice(['AZ', 'DE', 'XX', '']),
		city: hostileField,
		website: fc.option(fc.oneof(fc.constantFrom('https://example.org', 'http://example.org', 'javascript:alert(1)', 'example.org'), hostileString), { nil: undefined }),
		support: hostileField,
		contactName: hostileField,
		contactRole: hostileField,
		contactEmail: hostileField,
		authorised: fc.option(fc.constantFrom('on', 'off', ''), { nil: undefined }),
		consent: fc.option(fc.constantFrom('on', 'off', ''), { nil: undefined }),
		keptLogo: fc.option(fc.oneof(fc.constantFrom('0'.repeat(64), '../../etc/passwd'), hostileString), { nil: undefined })
	});
}

test(`${RUNS} hostile endorse-form submissions get a 303 or a clear 4xx, never a 5xx, and an invalid one stores nothing`, async ({ baseURL }) => {
	const payloads = await solvedPayloads(baseURL!, RUNS);
	const logos = await logoCandidates();
	let runs = 0;
	let fiveHundreds = 0;
	const statuses = new Map<number, number>();
	const choice = (values: string[]) => fc.option(fc.oneof(fc.constantFrom(...values), hostileString), { nil: undefined });
	await fc.assert(
		fc.asyncProperty(
			fc.oneof(
				{ weight: 4, arbitrary: hostileRecord(choice) },
				// Some well-formed ones, to show that a good submission still gets through.
				{
					weight: 1,
					arbitrary: fc.record({
						name: fc.constantFrom('Halo Trust', 'Mine Action Review e.V.', 'Azərbaycan Diaspor Birliyi'),
						type: fc.constant('ngo'),
						country: fc.constantFrom('AZ', 'DE'),
						website: fc.constantFrom('https://example.org', 'example.org'),
						contactName: fc.constant('Eve Tester'),
						contactRole: fc.constant('Director'),
						contactEmail: fc.constant('valid.@example.org'),
						authorised: fc.constant('on'),
						consent: fc.constant('on')
					}) as fc.Arbitrary<Record<string, string | undefined>>
				}
			),
			fc.option(fc.nat({ max: logos.length - 1 }), { nil: undefined }),
			contentTypes,
			async (fields, logoIndex, contentType) => {
				const marker = `hostile${runs}`;
				// Each well-formed case is a new organization's contact, so what one case stored never answers for another.
				if (fields.contactEmail?.startsWith('valid.')) fields = { ...fields, contactEmail: `valid.run${runs}@example.org` };
				const entries = Object.entries({ ...fields, altcha: payloads[runs % payloads.length] }).filter((e): e is [string, string] => e[1] !== undefined);
				let body: BodyInit;
				const headers: Record<string, string> = { Origin: baseURL!, Accept: 'text/html' };
				if (contentType === 'multipart/form-data') {
					const form = new FormData();
					for (const [k, v] of entries) form.append(k, v);
					if (logoIndex !== undefined) {
						const logo = logos[logoIndex];
						form.append('logo', new Blob([Buffer.from(logo.bytes)], { type: logo.type }), logo.name);
					}
					body = form;
				} else {
					body = new URLSearchParams(entries).toString();
					if (contentType) headers['Content-Type'] = contentType;
				}
				const response = await fetch(`${baseURL}/en/statements/${SLUG}/endorse?${marker}`, { method: 'POST', headers, body, redirect: 'manual' });
				runs++;
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				if (response.status >= 500) fiveHundreds++;
				expect(response.status, JSON.stringify({ ...fields, logoIndex, contentType })).toBeLessThan(500);
				const email = fields.contactEmail?.trim();
				if (response.status >= 400 && response.status !== 415 && email) {
					expect(countRows('SELECT count(*) FROM endorsement WHERE contact_email = ?', email)).toBe(0);
				}
				if (response.status === 400) expect(await response.text()).toContain('role="alert"');
				if (email?.startsWith('valid.') && FORM_TYPES.includes(contentType) && (logoIndex === undefined || logos[logoIndex].valid)) {
					expect(response.status, JSON.stringify(fields)).toBe(303);
					expect(countRows('SELECT count(*) FROM endorsement WHERE contact_email = ?', email)).toBe(1);
				}
			}
		),
		{ numRuns: RUNS, ...seedOption }
	);
	console.log(`[measure] hostile endorse-form cases: ${runs}, 5xx: ${fiveHundreds}, statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
	expect(runs).toBeGreaterThanOrEqual(RUNS);
});

test('a chunked upload over the endorse form\'s 2.5 MB gets the page that says why, and keeps nothing', async ({ baseURL }) => {
	const boundary = 'chunkedboundary7';
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="contactEmail"\r\n\r\nchunked@evil.example\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const parts = [head, ...Array.from({ length: 48 }, () => Buffer.alloc(64 * 1024, 7)), tail];
	const response = await fetch(`${baseURL}/de/statements/${SLUG}/endorse`, {
		method: 'POST',
		headers: { Origin: baseURL!, Accept: 'text/html', 'Content-Type': `multipart/form-data; boundary=${boundary}` },
		// No Content-Length: sent in chunks.
		body: new ReadableStream({
			pull(controller) {
				const next = parts.shift();
				if (next) controller.enqueue(new Uint8Array(next));
				else controller.close();
			}
		}),
		duplex: 'half',
		redirect: 'manual'
	} as RequestInit);
	expect(response.status).toBe(413);
	expect(await response.text()).toContain('Es wurde nichts gesendet: Das Formular mit der Datei war größer als 2,5 MB.');
	expect(countRows('SELECT count(*) FROM endorsement WHERE contact_email = ?', 'chunked@evil.example')).toBe(0);
});

test('a bot that fills the hidden field gets the usual answer before its upload is even looked at', async ({ baseURL }) => {
	const form = new FormData();
	for (const [k, v] of Object.entries({ name: 'Bot Org', contactName: 'Bot', contactEmail: 'bot@evil.example', homepage: 'http://spam.example' })) form.set(k, v);
	// Not an image at all: decoding it would have been the first thing done, and refused.
	form.set('logo', new Blob([Buffer.from('GIF89a not really an image')], { type: 'image/png' }), 'logo.png');
	const response = await fetch(`${baseURL}/en/statements/${SLUG}/endorse`, { method: 'POST', headers: { Origin: baseURL!, Accept: 'text/html' }, body: form, redirect: 'manual' });
	expect(response.status).toBe(303);
	expect(response.headers.get('location')).toBe(`/en/statements/${SLUG}/endorse/check-your-inbox`);
	expect(countRows('SELECT count(*) FROM endorsement WHERE contact_email = ?', 'bot@evil.example')).toBe(0);
});

test('one solved robot check sent again with a new upload is refused before the upload is looked at', async ({ baseURL }) => {
	const [payload] = await solvedPayloads(baseURL!, 1);
	const send = (logo: Uint8Array<ArrayBuffer>) => {
		const form = new FormData();
		// The name is missing: a form that cannot be kept, sent again and again with one solution.
		for (const [k, v] of Object.entries({ contactName: 'Bot', contactEmail: 'replay@evil.example', altcha: payload })) form.set(k, v);
		form.set('logo', new Blob([logo], { type: 'image/png' }), 'logo.png');
		return fetch(`${baseURL}/en/statements/${SLUG}/endorse`, { method: 'POST', headers: { Origin: baseURL!, Accept: 'text/html' }, body: form, redirect: 'manual' });
	};
	// The first is read: its upload is not an image, and the page says so.
	const notAnImage = new TextEncoder().encode('GIF89a not really an image');
	const first = await send(notAnImage);
	expect(first.status).toBe(400);
	expect(await first.text()).toContain('This file is not a PNG, JPEG or WebP image.');
	// The second, with the same solution, is refused as a failed check: its upload was never decoded.
	const second = await send(notAnImage);
	expect(second.status).toBe(400);
	const page = await second.text();
	expect(page).not.toContain('This file is not a PNG, JPEG or WebP image.');
	expect(page).toContain('The automatic security check could not be completed.');
});
