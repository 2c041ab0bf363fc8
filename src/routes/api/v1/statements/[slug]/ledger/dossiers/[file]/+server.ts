import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { dossierFileResponse, parseDossierFile } from '$lib/server/dossier/files';
import type { RequestHandler } from './$types';

/** A dossier's public data files (CSV, JSON): what its SHA-256, printed in the dossier, is of. An administrator can delete them (they name people): kept in caches for an hour at most. */
export const GET: RequestHandler = (event) => {
	const wanted = parseDossierFile(event.params.file, ['csv', 'json']);
	const response =
		wanted &&
		dossierFileResponse(getDb(), event.params.slug, wanted.id, wanted.format, { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' });
	if (!response) error(404, 'Not found');
	return response;
};
