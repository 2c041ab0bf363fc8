import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { dossierFileResponse, parseDossierFile } from '$lib/server/dossier/files';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireStaff(event, 'admin');
	const wanted = parseDossierFile(event.params.file, ['pdf', 'csv', 'json']);
	const response = wanted && dossierFileResponse(getDb(), event.params.slug, wanted.id, wanted.format, { 'Cache-Control': 'private, no-store' });
	if (!response) error(404, 'Not found');
	return response;
};
