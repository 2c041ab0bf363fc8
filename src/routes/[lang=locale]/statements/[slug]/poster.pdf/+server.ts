import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n/translate';
import { getDb } from '$lib/server/db';
import { signUrlOf } from '$lib/server/print/page';
import type { PosterText } from '$lib/server/print/poster';
import { makeDocument } from '$lib/server/documents';
import { getSettings, settingsIn } from '$lib/server/settings';
import { getPublishedStatement } from '$lib/server/statements/queries';
import type { RequestHandler } from './$types';

/**
 * The last poster made for each statement and language, with what it was made from: made again only
 * when that changed (a new text, other settings), so that asking for it again and again costs no
 * PDF rendering. Bounded by the statements × languages.
 */
const made = new Map<string, { from: string; pdf: Promise<Buffer> }>();

function posterOf(key: string, text: PosterText): Promise<Buffer> {
	const from = JSON.stringify(text);
	const last = made.get(key);
	if (last?.from === from) return last.pdf;
	// Typeset in the helper process (documents.ts).
	const pdf = makeDocument('poster', text);
	made.set(key, { from, pdf });
	pdf.catch(() => made.get(key)?.pdf === pdf && made.delete(key));
	return pdf;
}

/** The statement's A4 poster in this language (src/lib/server/print/poster.ts), to print and hang up. */
export const GET: RequestHandler = async ({ params, url }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	const lang = params.lang;
	const settings = settingsIn(getSettings(db), lang);
	const issuer = statement.issuerNames.find((i) => i.locale === lang)?.name ?? statement.issuerNames[0]?.name ?? '';
	const pdf = await posterOf(`${statement.slug}/${lang}`, {
		lang,
		issuer,
		title: statement.title,
		call: translate(lang, 'print.call'),
		text: translate(lang, 'print.text'),
		scan: translate(lang, 'print.scan'),
		signUrl: signUrlOf(statement.slug, lang, url.origin),
		footer: [issuer, settings.address, settings.contactEmail].filter(Boolean).join(' · ')
	});
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `inline; filename="${statement.slug}-${lang}.pdf"`,
			// The same for everyone until the statement's text or the settings change.
			'Cache-Control': 'public, max-age=300'
		}
	});
};
