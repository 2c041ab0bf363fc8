import { error } from '@sveltejs/kit';
import { hashIp } from '$lib/server/abuse/ip';
import { recordAudit } from '$lib/server/audit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { dossierFileResponse, parseDossierFile } from '$lib/server/dossier/files';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const { user } = requireStaff(event, 'admin');
	const wanted = parseDossierFile(event.params.file, ['pdf', 'csv', 'json']);
	const db = getDb();
	const response = wanted && dossierFileResponse(db, event.params.slug, wanted.id, wanted.format, { 'Cache-Control': 'private, no-store' });
	if (!response) error(404, 'Not found');
	// Who took a copy of the document that names people, and when.
	recordAudit(db, { actor: user, action: 'dossier.download', subjectType: 'dossier', subjectId: wanted!.id, after: { format: wanted!.format }, ipHmac: hashIp(event.getClientAddress()) });
	return response;
};
