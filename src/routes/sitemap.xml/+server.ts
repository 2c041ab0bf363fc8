import { getDb } from '$lib/server/db';
import { getOrigin } from '$lib/server/config';
import { listPublishedStatements } from '$lib/server/statements/queries';
import { LOCALES } from '$lib/i18n/locales';
import type { RequestHandler } from './$types';

/** The public pages of a statement, in every language (its text, who signed, who endorsed, how to endorse, the ledger). */
const STATEMENT_PAGES = ['', '/signatories', '/organizations', '/endorse', '/ledger', '/statistics'];
/** The pages of the site itself, in every language. */
const SITE_PAGES = ['', '/privacy', '/imprint'];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * sitemap.xml (sitemaps.org): every public page of every published statement in every language,
 * each with its language versions as alternates (and x-default, which picks the reader's language).
 */
export const GET: RequestHandler = () => {
	const origin = getOrigin();
	const statements = listPublishedStatements(getDb());
	const groups = [
		...SITE_PAGES.map((path) => ({ path, lastmod: null as Date | null })),
		...statements.flatMap((s) => STATEMENT_PAGES.map((page) => ({ path: `/statements/${s.slug}${page}`, lastmod: s.updatedAt })))
	];
	const urls = groups.flatMap(({ path, lastmod }) =>
		LOCALES.map((lang) =>
			[
				'<url>',
				`<loc>${escape(`${origin}/${lang}${path}`)}</loc>`,
				lastmod ? `<lastmod>${lastmod.toISOString().slice(0, 10)}</lastmod>` : '',
				...LOCALES.map((alt) => `<xhtml:link rel="alternate" hreflang="${alt}" href="${escape(`${origin}/${alt}${path}`)}"/>`),
				path === '' ? `<xhtml:link rel="alternate" hreflang="x-default" href="${escape(`${origin}/`)}"/>` : '',
				'</url>'
			].join('')
		)
	);
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
	return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
};
