import { requireStaff } from '$lib/server/auth/guard';
import { getSmtpUrl } from '$lib/server/config';
import { DEFAULT_TIME_ZONE, knownTimeZone, TIME_ZONE_COOKIE } from '$lib/server/panel-time';
import type { LayoutServerLoad } from './$types';

// The panel's pages repeat this check in their own loads and actions.
export const load: LayoutServerLoad = (event) => {
	const { user } = requireStaff(event);
	return {
		staff: { name: user.name, email: user.email, role: user.role },
		developmentMailbox: getSmtpUrl() === null,
		// The zone the panel's times are shown in (see panel-time.ts); the browser corrects it.
		timeZone: knownTimeZone(event.cookies.get(TIME_ZONE_COOKIE)) ?? DEFAULT_TIME_ZONE,
		// As the browser wrote it: runtimes spell some zones differently (Asia/Kolkata, Asia/Calcutta).
		timeZoneAsked: event.cookies.get(TIME_ZONE_COOKIE) ?? null
	};
};
