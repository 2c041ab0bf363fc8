import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AdminSession, AdminUser, StaffRole } from '../db/schema';

export type Staff = { user: AdminUser; session: AdminSession };

/**
 * Every /admin load and action calls this itself (a layout's check alone does not run for every
 * request). Without a complete sign-in it sends the person to sign in; a moderator asking for an
 * administrator's page is refused.
 */
export function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>, role: StaffRole = 'moderator'): Staff {
	const staff = event.locals.staff;
	if (!staff) redirect(303, `/admin/login?next=${encodeURIComponent(event.url.pathname)}`);
	if (!staff.user.totpKeyEncrypted) redirect(303, '/admin/two-factor/setup');
	if (!staff.session.twoFactorVerified) redirect(303, '/admin/two-factor');
	if (role === 'admin' && staff.user.role !== 'admin') error(403, 'Forbidden');
	return staff;
}

/** For the sign-in steps between password and second factor: a session, whatever its 2FA state. */
export function requireSession(event: Pick<RequestEvent, 'locals'>): Staff {
	const staff = event.locals.staff;
	if (!staff) redirect(303, '/admin/login');
	return staff;
}
