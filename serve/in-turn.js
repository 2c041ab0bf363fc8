// Pages the app renders start one per turn of the event loop, in the order they arrived. Left to
// itself, Node reads every waiting socket and renders each at once: a request that arrives just
// after such a batch began waits for the whole batch and then for its own, twice as long as the rest.
// Posts are not held back: the signatures that arrive together are written with one commit.

/**
 * @param {import('node:http').RequestListener} handler the app
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function inTurn(handler) {
	/** @type {Array<[import('node:http').IncomingMessage, import('node:http').ServerResponse]>} */
	const arrived = [];
	function startNext() {
		const next = arrived.shift();
		if (next) handler(...next);
		if (arrived.length > 0) setImmediate(startNext);
	}
	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') handler(req, res);
		else if (arrived.push([req, res]) === 1) setImmediate(startNext);
	};
}
