import { requireStaff } from '$lib/server/auth/guard';
import { getSmtpUrl } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

// The panel's pages repeat this check in their own loads and actions.
export const load: LayoutServerLoad = (event) => {
	const { user } = requireStaff(event);
	return { staff: { name: user.name, email: user.email, role: user.role }, developmentMailbox: getSmtpUrl() === null };
};
