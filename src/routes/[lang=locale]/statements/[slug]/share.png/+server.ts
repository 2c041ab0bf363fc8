import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n/translate';
import { getOrigin, getShareImageSeconds } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { cardOf } from '$lib/server/share/picture';
import { loadCounter } from '$lib/server/statements/page';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { RequestHandler } from './$types';

/** The statement's share picture in this language (src/lib/server/share/card.ts): what a shared link shows. */
export const GET: RequestHandler = async ({ params, request }) => {
	const db = getDb();
	const lang = params.lang;
	const statement = getPublishedStatement(db, params.slug, lang);
	if (!statement) error(404, 'Not found');
	const { count, countText } = loadCounter(db, statement, lang);
	const issuer = statement.issuerNames.find((i) => i.locale === statement.locale)?.name ?? statement.issuerNames[0]?.name ?? '';
	const made = await cardOf(
		`${statement.slug}/${lang}`,
		{
			issuer,
			title: statement.title,
			figure: count > 0 ? countText : null,
			words: translate(lang, 'counter.signatures', { count }),
			// Where to sign, as ORIGIN names the site (never the request's Host header); a closed statement says so instead.
			call: statement.signingOpen ? translate(lang, 'share.call', { host: new URL(getOrigin()).host }) : translate(lang, 'statement.closed')
		},
		count,
		getShareImageSeconds() * 1000
	);
	const etag = `"${statement.contentHash.slice(0, 16)}-${made.count}-${made.at}"`;
	const headers = {
		'Content-Type': 'image/png',
		// Shared by everyone; the count on it is at most a minute old.
		'Cache-Control': `public, max-age=${getShareImageSeconds()}`,
		ETag: etag
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(made.png), { headers });
};
