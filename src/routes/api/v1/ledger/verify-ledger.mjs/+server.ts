import source from '../../../../../../scripts/verify-ledger.mjs?raw';
import type { RequestHandler } from './$types';

/** The independent checking program (scripts/verify-ledger.mjs), as anyone downloads it to check this site. */
export const GET: RequestHandler = () =>
	new Response(source, {
		headers: {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Content-Disposition': 'attachment; filename="verify-ledger.mjs"',
			'Cache-Control': 'public, max-age=300',
			'Access-Control-Allow-Origin': '*'
		}
	});
