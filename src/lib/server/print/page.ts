import type { Locale } from '$lib/i18n/locales';
import { qrCodeSvg } from './qr';

/** What the statement page shows only on paper: the sign page's address in its language, as a QR code too. */
export async function loadPrintout(slug: string, lang: Locale, origin: string): Promise<{ signUrl: string; qr: string }> {
	const signUrl = new URL(`/${lang}/statements/${slug}/sign`, origin).href;
	return { signUrl, qr: await qrCodeSvg(signUrl) };
}
