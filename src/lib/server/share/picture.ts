/**
 * When the share picture (share/card.ts) is made again, and one at a time. The picture itself is
 * made in the helper process (documents.ts).
 */
import { makeDocument } from '../documents';
import type { CardText } from './card';

// Pictures are made one after the other: after a restart, a crawler asking for every statement in
// every language at once waits in turn instead of running that many layouts side by side.
let queue: Promise<unknown> = Promise.resolve();

/** The picture, made in turn with any other being made. */
function renderInTurn(card: CardText): Promise<Buffer> {
	const made = queue.then(() => makeDocument('share-card', card));
	queue = made.catch(() => undefined);
	return made;
}

/**
 * The last picture made for each statement and language, with what it shows. Made again at once when
 * the words change (a moderator's edit), and when only the count changed, at most once per
 * `intervalMs`: an anonymous client asking again and again costs no rendering. Bounded by the
 * statements × languages.
 */
const made = new Map<string, { words: string; count: number; at: number; png: Promise<Buffer> }>();

export type MadeCard = { png: Buffer; count: number; at: number };

export async function cardOf(key: string, card: CardText, count: number, intervalMs: number, now = Date.now()): Promise<MadeCard> {
	const words = JSON.stringify({ ...card, figure: null, words: null });
	let last = made.get(key);
	if (!last || last.words !== words || (last.count !== count && now - last.at >= intervalMs)) {
		const png = renderInTurn(card);
		const next = { words, count, at: now, png };
		made.set(key, next);
		// A picture that could not be made is tried again after the interval, not on every request.
		png.catch(() => {
			next.count = Number.NaN;
			next.at = Date.now();
		});
		last = next;
	}
	return { png: await last.png, count: last.count, at: last.at };
}
