import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { exportApprovedEndorsements } from '$lib/server/exports';
import type { RequestHandler } from './$types';

/** Approved organizations and their contact persons: administrators only, and every download is in the audit log. */
export const GET: RequestHandler = (event) => {
	const { user } = requireStaff(event, 'admin');
	const day = new Date().toISOString().slice(0, 10);
	return new Response(exportApprovedEndorsements(getDb(), user, hashIp(event.getClientAddress()), event.url.origin), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="organizations-${day}.csv"`,
			'Cache-Control': 'no-store'
		}
	});
};
