import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getLogo } from '$lib/server/endorsements/logos';
import type { RequestHandler } from './$types';

/** Logos by content hash: the address changes when the image does, so it may be cached for a year. */
export const GET: RequestHandler = ({ params, request }) => {
	const hash = params.file.match(/^([0-9a-f]{64})\.webp$/)?.[1];
	const logo = hash ? getLogo(getDb(), hash) : null;
	if (!logo) error(404, 'Not found');
	const headers = {
		'Content-Type': logo.contentType,
		'Cache-Control': 'public, max-age=31536000, immutable',
		ETag: `"${logo.hash}"`,
		'Content-Disposition': 'inline'
	};
	if (request.headers.get('if-none-match') === headers.ETag) return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(logo.data), { headers: { ...headers, 'Content-Length': String(logo.data.byteLength) } });
};
