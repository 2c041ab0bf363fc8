/**
 * Manage staff accounts from the shell: `npm run admin -- <command>`.
 *   list                              every account
 *   create <email> <name> [role]      a new account (role: admin or moderator) and a link to set its password
 *   reset-password <email>            a one-hour link to set a new password; every session ends
 *   disable <email>                   no more sign-ins; every session ends
 * Links are printed here, not emailed: whoever runs this is trusted with them.
 */
import { getOrigin } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { STAFF_ROLES, type StaffRole } from '$lib/server/db/schema';
import { getStaffByEmail, inviteStaff, listStaff, resetStaffPassword, updateStaff } from '$lib/server/staff/accounts';
import { parseEmail } from '$lib/validation/email';

const SHELL = null;

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

async function main(args: string[]) {
	const [command, ...rest] = args;
	const db = getDb();
	switch (command) {
		case 'list': {
			const staff = listStaff(db);
			if (staff.length === 0) console.log('No staff accounts yet.');
			for (const s of staff) {
				const status = s.disabled ? 'disabled' : s.passwordHash ? (s.totpKeyEncrypted ? 'active' : 'no second factor yet') : 'invited';
				console.log(`${s.email}\t${s.role}\t${status}\t${s.name}`);
			}
			return;
		}
		case 'create': {
			const [email, name, role = 'moderator'] = rest;
			const parsed = parseEmail(email ?? '');
			if (!parsed || !name) fail('Usage: npm run admin -- create <email> <name> [admin|moderator]');
			if (!(STAFF_ROLES as readonly string[]).includes(role)) fail(`The role must be one of: ${STAFF_ROLES.join(', ')}`);
			// The panel's invitation, without its email: the operator passes the link on.
			const created = inviteStaff(db, { email: parsed.address, name, role: role as StaffRole, locale: 'en' }, SHELL, getOrigin(), null, new Date(), false);
			if (!created) fail(`There is already an account for ${parsed.address}.`);
			console.log(`Created ${created.user.email} (${role}). They set their password within 72 hours at:\n\n    ${created.link}\n`);
			return;
		}
		case 'reset-password': {
			const user = getStaffByEmail(db, rest[0] ?? '') ?? fail(`No account for ${rest[0] ?? '(no address given)'}.`);
			const link = resetStaffPassword(db, user.id, SHELL, getOrigin());
			console.log(`Every session of ${user.email} has ended. A new password can be set within one hour at:\n\n    ${link}\n`);
			return;
		}
		case 'disable': {
			const user = getStaffByEmail(db, rest[0] ?? '') ?? fail(`No account for ${rest[0] ?? '(no address given)'}.`);
			updateStaff(db, user.id, { disabled: true }, SHELL, null);
			console.log(`${user.email} is disabled and signed out everywhere.`);
			return;
		}
		default:
			fail('Usage: npm run admin -- list | create <email> <name> [admin|moderator] | reset-password <email> | disable <email>');
	}
}

await main(process.argv.slice(2));
