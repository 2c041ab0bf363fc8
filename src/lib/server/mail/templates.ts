import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';
import { escapeHtml } from '$lib/html';

export const TEMPLATES = [
	'confirm',
	'thanks',
	'withdrawn',
	'already_signed',
	'staff_invitation',
	'staff_two_factor_locked',
	'data_request',
	'data_copy',
	'endorse_confirm',
	'endorse_received',
	'endorse_already',
	'endorse_approved',
	'endorse_rejected',
	'endorse_removed',
	'endorse_withdrawn'
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export type RenderedMail = { subject: string; text: string; html: string; links: string[] };

type Block = { text: string } | { link: string; label: string };

/**
 * Text that a visitor typed (a name, an organization's name), as it is shown in an email: mail
 * programs turn whatever looks like an address (example.org, www.…, a@b) into a link, even in plain
 * text. A one-dot leader (U+2024) and a fullwidth @ look the same and link nothing.
 */
export function asPlainText(typed: string): string {
	// Only the dots of what looks like a domain ("evil.example", "www."): "e.V." stays as typed.
	return typed
		.replace(/(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}]{2})|(?<=\bwww)\./giu, '\u2024')
		.replace(/@/g, '\uff20');
}

/** Text and HTML from the same blocks, so that both parts always say the same. */
function compose(locale: Locale, subject: string, name: string, blocks: Block[], unsubscribeLink?: string): RenderedMail {
	if (unsubscribeLink) {
		blocks = [...blocks, { text: translate(locale, 'mail.updatesFooter') }, { link: unsubscribeLink, label: translate(locale, 'mail.unsubscribeButton') }];
	}
	const t = (id: string, values?: Record<string, string>) => translate(locale, id, values);
	const greeting = name ? t('mail.greeting', { name: asPlainText(name) }) : t('mail.greetingNeutral');
	const signoff = t('mail.signoff');
	const sender = t('site.name');
	const links = blocks.flatMap((b) => ('link' in b ? [b.link] : []));

	const text = [
		greeting,
		...blocks.map((b) => ('link' in b ? `${b.label}:\n${b.link}` : b.text)),
		`${signoff}\n${sender}`
	].join('\n\n');

	const htmlBlocks = blocks
		.map((b) =>
			'link' in b
				? `<p style="margin:24px 0"><a href="${escapeHtml(b.link)}" style="background:#1d4a6b;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(b.label)}</a></p><p style="font-size:13px;color:#4a4d55;word-break:break-all">${escapeHtml(b.link)}</p>`
				: `<p>${escapeHtml(b.text)}</p>`
		)
		.join('\n');
	const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#fbfaf7;color:#1c1d21;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.6">
<div style="max-width:560px;margin:0 auto">
<p>${escapeHtml(greeting)}</p>
${htmlBlocks}
<p>${escapeHtml(signoff)}<br>${escapeHtml(sender)}</p>
</div></body></html>`;
	return { subject, text, html, links };
}

/** An email in the recipient's language. Payload values are data, escaped in HTML. */
export function renderMail(template: TemplateName, locale: Locale, payload: Record<string, string>): RenderedMail {
	const t = (id: string) => translate(locale, id);
	const name = payload.name ?? '';
	switch (template) {
		case 'confirm':
			return compose(locale, t('mail.confirm.subject'), name, [
				{ text: t('mail.confirm.intro') },
				{ link: payload.confirmLink, label: t('mail.confirm.button') },
				{ text: t('mail.confirm.expiry') },
				{ text: t('mail.confirm.notYou') },
				{ link: payload.withdrawLink, label: t('mail.withdrawButton') }
			], payload.unsubscribeLink);
		case 'thanks':
			return compose(locale, t('mail.thanks.subject'), name, [
				{ text: t('mail.thanks.intro') },
				{ text: t('mail.thanks.share') },
				{ link: payload.statementLink, label: t('mail.thanks.shareButton') },
				...(payload.ledgerLink
					? [{ text: translate(locale, 'mail.thanks.receiptIntro', { receipt: payload.receipt ?? '' }) }, { link: payload.ledgerLink, label: t('mail.thanks.receiptButton') }]
					: []),
				{ text: t('mail.thanks.withdrawIntro') },
				{ link: payload.withdrawLink, label: t('mail.withdrawButton') }
			], payload.unsubscribeLink);
		case 'already_signed':
			// To someone who signs again with an address that is counted already: the page says an
			// email is on its way whatever happened before (it tells nobody who signed), so one is.
			return compose(locale, t('mail.alreadySigned.subject'), name, [
				{ text: t('mail.alreadySigned.intro') },
				...(payload.ledgerLink
					? [{ text: translate(locale, 'mail.thanks.receiptIntro', { receipt: payload.receipt ?? '' }) }, { link: payload.ledgerLink, label: t('mail.thanks.receiptButton') }]
					: []),
				{ text: t('mail.alreadySigned.notYou') },
				{ text: t('mail.thanks.withdrawIntro') },
				{ link: payload.withdrawLink, label: t('mail.withdrawButton') }
			], payload.unsubscribeLink);
		case 'staff_invitation':
			return compose(locale, t('mail.invitation.subject'), name, [
				{ text: translate(locale, 'mail.invitation.intro', { inviter: payload.inviter ?? '' }) },
				{ link: payload.passwordLink, label: t('mail.invitation.button') },
				{ text: t('mail.invitation.expiry') }
			]);
		case 'staff_two_factor_locked':
			return compose(locale, t('mail.twoFactorLocked.subject'), name, [
				{ text: translate(locale, 'mail.twoFactorLocked.intro', { account: payload.account ?? '' }) },
				{ text: t('mail.twoFactorLocked.advice') }
			]);
		case 'data_request':
			return compose(locale, t('mail.dataRequest.subject'), name, [
				{ text: t('mail.dataRequest.intro') },
				{ link: payload.dataLink, label: t('mail.dataRequest.button') },
				{ text: t('mail.dataRequest.notYou') }
			]);
		case 'data_copy':
			return compose(locale, t('mail.dataCopy.subject'), name, [{ text: t('mail.dataCopy.intro') }, { text: payload.json }]);
		case 'withdrawn':
			return compose(locale, t('mail.withdrawn.subject'), name, [
				{ text: t('mail.withdrawn.intro') },
				{ text: t('mail.withdrawn.again') }
			]);
		default:
			return renderEndorsementMail(template, locale, payload);
	}
}

/** The emails to an organization's contact person; every one while it stands carries the withdrawal link. */
function renderEndorsementMail(template: TemplateName, locale: Locale, payload: Record<string, string>): RenderedMail {
	const t = (id: string) => translate(locale, id, { organization: asPlainText(payload.organization ?? '') });
	const name = payload.name ?? '';
	const withdraw: Block[] = [{ text: t('mail.endorse.withdrawIntro') }, { link: payload.withdrawLink, label: t('mail.endorse.withdrawButton') }];
	const reason: Block[] = [
		...(payload.reason ? [{ text: `${t('mail.endorse.reasonLabel')} ${t(`endorse.reasons.${payload.reason}`)}` }] : []),
		...(payload.note ? [{ text: payload.note }] : [])
	];
	switch (template) {
		case 'endorse_confirm':
			return compose(locale, t('mail.endorse.confirm.subject'), name, [
				{ text: t('mail.endorse.confirm.intro') },
				{ link: payload.confirmLink, label: t('mail.endorse.confirm.button') },
				{ text: t('mail.endorse.confirm.expiry') },
				{ text: t('mail.endorse.confirm.notYou') },
				{ link: payload.withdrawLink, label: t('mail.endorse.withdrawButton') }
			]);
		case 'endorse_received':
			return compose(locale, t('mail.endorse.received.subject'), name, [{ text: t('mail.endorse.received.intro') }, ...withdraw]);
		case 'endorse_already':
			// Sent again for an endorsement that is waiting for review or published: the page said an
			// email is on its way, whatever happened before.
			return compose(locale, t('mail.endorse.already.subject'), name, [
				...(payload.stage === 'published'
					? [{ text: t('mail.endorse.already.published') }, { link: payload.statementLink, label: t('mail.endorse.approved.button') }]
					: [{ text: t('mail.endorse.already.review') }]),
				{ text: t('mail.alreadySigned.notYou') },
				...withdraw
			]);
		case 'endorse_approved':
			return compose(locale, t('mail.endorse.approved.subject'), name, [
				{ text: t('mail.endorse.approved.intro') },
				{ link: payload.statementLink, label: t('mail.endorse.approved.button') },
				...(payload.ledgerLink
					? [{ text: translate(locale, 'mail.endorse.approved.receiptIntro', { receipt: payload.receipt ?? '' }) }, { link: payload.ledgerLink, label: t('mail.endorse.approved.receiptButton') }]
					: []),
				...withdraw
			]);
		case 'endorse_rejected':
			return compose(locale, t('mail.endorse.rejected.subject'), name, [{ text: t('mail.endorse.rejected.intro') }, ...reason, { text: t('mail.endorse.rejected.reply') }]);
		case 'endorse_removed':
			return compose(locale, t('mail.endorse.removed.subject'), name, [{ text: t('mail.endorse.removed.intro') }, ...reason, { text: t('mail.endorse.rejected.reply') }]);
		case 'endorse_withdrawn':
			return compose(locale, t('mail.endorse.withdrawn.subject'), name, [{ text: t('mail.endorse.withdrawn.intro') }]);
		default:
			throw new Error(`no template ${template}`);
	}
}
