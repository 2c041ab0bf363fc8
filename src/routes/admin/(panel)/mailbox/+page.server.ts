import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getSmtpUrl } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { listHeldMail } from '$lib/server/mail/outbox';
import { renderMail } from '$lib/server/mail/templates';
import type { PageServerLoad } from './$types';
import { panelClock } from '$lib/server/panel-time';

/** The development mailbox: while no SMTP server is configured, administrators read the mail here. */
export const load: PageServerLoad = (event) => {
	requireStaff(event, 'admin');
	const time = panelClock(event);
	if (getSmtpUrl()) error(404, 'Not found');
	const messages = listHeldMail(getDb());
	return {
		messages: messages.map((m) => {
			const mail = renderMail(m.template as never, m.locale, m.payload);
			return { id: m.id, to: m.to, at: time(m.createdAt), subject: mail.subject, text: mail.text };
		})
	};
};
