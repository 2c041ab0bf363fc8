/**
 * The statement files keep the layout of the issued document: a letterhead, the title, the
 * addressee, the paragraphs, the closing, the signatory's name, their roles, and "Place: date".
 * Blocks are separated by blank lines.
 */
export type StatementText = {
	title: string;
	addressee: string;
	body: string;
	closing: string;
	signatoryName: string;
	signatoryTitle: string;
	issuedPlace: string;
};

export function parseStatementText(text: string, signatoryName: string): StatementText {
	const blocks = text
		.replace(/\r\n/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((b) => b.trim())
		.filter(Boolean);
	const nameAt = blocks.lastIndexOf(signatoryName);
	if (nameAt < 5) throw new Error(`statement text: the signatory "${signatoryName}" was not found`);
	const placeLine = blocks[blocks.length - 1];
	const colon = placeLine.lastIndexOf(':');
	if (colon < 0) throw new Error('statement text: the last line must read "Place: date"');
	return {
		title: blocks[1],
		addressee: blocks[2],
		body: blocks.slice(3, nameAt - 1).join('\n\n'),
		closing: blocks[nameAt - 1],
		signatoryName,
		signatoryTitle: blocks.slice(nameAt + 1, -1).join('\n'),
		issuedPlace: placeLine.slice(0, colon).trim()
	};
}
