import { fail } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n/locales';
import { hashIp } from '$lib/server/abuse/ip';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { STAFF_ROLES, type StaffRole } from '$lib/server/db/schema';
import { wakeMailWorker } from '$lib/server/jobs';
import { inviteStaff, listStaff, updateStaff } from '$lib/server/staff/accounts';
import { parseEmail } from '$lib/validation/email';
import { normalizeText } from '$lib/validation/text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireStaff(event, 'admin');
	return {
		me: user.id,
		staff: listStaff(getDb()).map((s) => ({
			id: s.id,
			name: s.name,
			email: s.email,
			role: s.role,
			disabled: s.disabled,
			invited: !s.passwordHash
		}))
	};
};

const isRole = (value: unknown): value is StaffRole => (STAFF_ROLES as readonly unknown[]).includes(value);

export const actions: Actions = {
	invite: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const name = normalizeText(String(form.get('name') ?? '')).slice(0, 120);
		const email = parseEmail(String(form.get('email') ?? ''));
		const role = form.get('role');
		const values = { name, email: String(form.get('email') ?? ''), role: String(role ?? 'moderator') };
		if (name.length < 2) return fail(400, { values, error: 'admin.errors.name' });
		if (!email) return fail(400, { values, error: 'errors.email.invalid' });
		if (!isRole(role)) return fail(400, { values, error: 'admin.errors.name' });
		const language = form.get('language');
		const invited = inviteStaff(
			getDb(),
			{ email: email.address, name, role, locale: isLocale(language) ? language : event.locals.locale },
			user,
			event.url.origin,
			hashIp(event.getClientAddress())
		);
		if (!invited) return fail(409, { values, error: 'admin.staff.exists' });
		wakeMailWorker();
		return { invited: invited.user.email };
	},
	update: async (event) => {
		const { user } = requireStaff(event, 'admin');
		const form = await event.request.formData();
		const id = Number(form.get('id'));
		if (!Number.isInteger(id)) return fail(400, { error: 'admin.errors.name' });
		if (id === user.id) return fail(400, { error: 'admin.staff.self' });
		const role = form.get('role');
		const disabled = form.get('disabled');
		const change = isRole(role) ? { role } : disabled === 'true' || disabled === 'false' ? { disabled: disabled === 'true' } : null;
		if (!change) return fail(400, { error: 'admin.errors.name' });
		updateStaff(getDb(), id, change, user, hashIp(event.getClientAddress()));
		return { updated: true };
	}
};
