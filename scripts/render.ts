/**
 * The helper process that makes documents for the server (src/lib/server/documents.ts): the share
 * pictures and the posters, one task per message, so that their layout never holds up a request.
 */
import { DOCUMENT_MAKERS } from '$lib/server/documents';
import { serveTasks } from '$lib/server/helper-process';

serveTasks(DOCUMENT_MAKERS);
