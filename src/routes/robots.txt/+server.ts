import { getOrigin } from '$lib/server/config';
import type { RequestHandler } from './$types';

/**
 * robots.txt: everything public may be indexed; not the staff panel, pages reached through a
 * personal link (they hold its token), the sign form (the statement page holds it too), what
 * follows sending a form, or the counter other sites frame. `$` ends a path: /sign$ keeps
 * /signatories indexable.
 */
const DISALLOWED = [
	'/admin',
	'/*/confirm/',
	'/*/withdraw/',
	'/*/my-data',
	'/*/unsubscribe/',
	'/*/endorsement/',
	'/*/statements/*/sign$',
	'/*/statements/*/sign?',
	'/*/statements/*/endorse/',
	'/*/statements/*/thank-you',
	'/*/statements/*/check-your-inbox',
	'/*/statements/*/ledger?receipt=',
	'/*/statements/*/ledger/check',
	'/api/v1/unsubscribe/',
	'/language/',
	'/embed/'
];

export const GET: RequestHandler = () => {
	const body = ['User-agent: *', 'Allow: /', ...DISALLOWED.map((path) => `Disallow: ${path}`), '', `Sitemap: ${getOrigin()}/sitemap.xml`, ''].join('\n');
	return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
};
