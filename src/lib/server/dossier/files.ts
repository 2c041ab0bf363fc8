/** A kept dossier's files, served: the PDF to administrators, the public data files to anyone. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Db } from '../db';
import { dossierFiles } from './paths';
import { getDossier } from './produce';

export type DossierFormat = 'pdf' | 'csv' | 'json';

const TYPES: Record<DossierFormat, string> = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

/** "12.pdf" → dossier 12 as PDF; null for any other name. */
export function parseDossierFile(name: string, formats: readonly DossierFormat[]): { id: number; format: DossierFormat } | null {
	const match = /^(\d{1,9})\.(pdf|csv|json)$/.exec(name);
	if (!match || !formats.includes(match[2] as DossierFormat)) return null;
	return { id: Number(match[1]), format: match[2] as DossierFormat };
}

/** The file of a finished dossier of this statement, streamed; null when there is none. */
export function dossierFileResponse(db: Db, slug: string, id: number, format: DossierFormat, headers: Record<string, string> = {}): Response | null {
	const found = getDossier(db, id);
	if (!found || found.slug !== slug || found.state !== 'done') return null;
	const file = dossierFiles(slug, id)[format];
	if (!existsSync(file)) return null;
	return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
		headers: {
			'Content-Type': TYPES[format],
			'Content-Length': String(statSync(file).size),
			'Content-Disposition': `attachment; filename="${slug}-dossier-${id}.${format}"`,
			...headers
		}
	});
}
