// Documents made from plain data (a share picture, a poster): layout and typesetting take a tenth of
// a second and more of one thread, so the server has them made in a helper process (RENDER_PROGRAM,
// build/cli/render.js, which server.js names) and only waits for the bytes. Without one (vite dev,
// tests) they are made here. The makers are imported only where they run: the server process never
// loads satori, resvg or PDFKit.
import type { CardText } from './share/card';
import type { PosterText } from './print/poster';
import { helperProcess } from './helper-process';

export const DOCUMENT_MAKERS = {
	'share-card': async (card: CardText): Promise<Buffer> => (await import('./share/card')).renderCard(card),
	poster: async (poster: PosterText): Promise<Buffer> => (await import('./print/poster')).renderPoster(poster)
};

type Kind = keyof typeof DOCUMENT_MAKERS;
type InputOf<K extends Kind> = Parameters<(typeof DOCUMENT_MAKERS)[K]>[0];

let helper: ReturnType<typeof helperProcess> | null = null;

/** The document, made in the helper process when there is one. */
export async function makeDocument<K extends Kind>(kind: K, input: InputOf<K>): Promise<Buffer> {
	const program = process.env.RENDER_PROGRAM;
	if (!program) return DOCUMENT_MAKERS[kind](input as never);
	helper ??= helperProcess(program);
	const bytes = await helper.run<Uint8Array>(kind, input);
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** At a graceful stop: the helper process ends with the server. */
export function stopDocumentHelper(): void {
	helper?.stop();
	helper = null;
}
