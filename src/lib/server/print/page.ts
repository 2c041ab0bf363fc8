import type { Locale } from '$lib/i18n/locales';
import { qrCodeSvg } from './qr';

/** The sign page's full address in a language: what the QR codes on paper lead to. */
export function signUrlOf(slug: string, lang: Locale, origin: string): string {
	return new URL(`/${lang}/statements/${slug}/sign`, origin).href;
}

/** What the statement page shows only on paper: the sign page's address in its language, as a QR code too. */
export async function loadPrintout(slug: string, lang: Locale, origin: string): Promise<{ signUrl: string; qr: string }> {
	const signUrl = signUrlOf(slug, lang, origin);
	return { signUrl, qr: await qrCodeSvg(signUrl) };
}
