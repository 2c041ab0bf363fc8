// Every answer the browser can take compressed goes compressed (brotli or gzip, as it asks): the
// first render of a page too, not only its shared copies. Files the build compressed beforehand
// (adapter-node's precompress) and shared copies (serve/shared-pages.js) arrive encoded already
// and are left as they are.
import { constants } from 'node:zlib';
import compression from 'compression';
import onHeaders from 'on-headers';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/** The entity tag of one encoding of a page: the plain page's tag with the encoding's suffix. */
export function taggedFor(/** @type {string} */ etag, /** @type {string | null} */ encoding) {
	const suffix = encoding === 'br' ? '-br' : encoding === 'gzip' ? '-gz' : '';
	return !suffix || etag.endsWith(`${suffix}"`) ? etag : etag.replace(/"$/, `${suffix}"`);
}

/**
 * Wraps `answer` so that what it sends is compressed. An entity tag names one encoding of a page,
 * so a compressed answer's tag gets the encoding's suffix (as the shared copies' tags do).
 * @param {(req: Request, res: Response) => void} answer
 * @returns {(req: Request, res: Response) => void}
 */
export function compressed(answer) {
	// Brotli's quality 5: a page in a millisecond or two, a fifth smaller than gzip. Downloads (a staff
	// export of a million rows, a dossier's files) go as they are: compressing a 230 MB stream on the
	// fly held ~45 MB more and took 4 s more of the server (npm run bench).
	const compress = compression({
		brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
		filter: (req, res) => !String(res.getHeader('content-disposition') ?? '').startsWith('attachment') && compression.filter(req, res)
	});
	return (req, res) => {
		// Registered before the middleware's own listener, so called after it has chosen the encoding.
		onHeaders(res, () => tagEncoding(res));
		compress(/** @type {any} */ (req), /** @type {any} */ (res), () => answer(req, res));
	};
}

/** @param {Response} res */
function tagEncoding(res) {
	const encoding = String(res.getHeader('content-encoding') ?? '');
	const etag = res.getHeader('etag');
	if (!etag || !(encoding === 'gzip' || encoding === 'br')) return;
	res.setHeader('etag', taggedFor(String(etag), encoding));
}
