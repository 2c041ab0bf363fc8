import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { exportConfirmedSignatures } from '$lib/server/exports';
import type { RequestHandler } from './$types';

/** Personal data of every confirmed signer: administrators only, and every download is in the audit log. */
export const GET: RequestHandler = (event) => {
	const { user } = requireStaff(event, 'admin');
	const day = new Date().toISOString().slice(0, 10);
	return new Response(exportConfirmedSignatures(getDb(), user, hashIp(event.getClientAddress())), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="signatures-${day}.csv"`,
			'Cache-Control': 'no-store'
		}
	});
};
