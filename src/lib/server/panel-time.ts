import type { Cookies } from '@sveltejs/kit';
import { INTL_LOCALES, type Locale } from '$lib/i18n/locales';

/** The cookie in which the staff panel keeps the moderator's time zone, as their browser reports it. */
export const TIME_ZONE_COOKIE = 'tz';

/** Until a browser has said otherwise: the association's own (Münster). */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** A time zone name this runtime knows, or null. */
export function knownTimeZone(value: string | undefined | null): string | null {
	if (!value || value.length > 64) return null;
	try {
		return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A moment as the panel shows it: in the panel's language and the moderator's time zone, the zone named ("6 Dec 2026, 07:31 CET"). */
export function formatPanelTime(at: Date, locale: Locale, timeZone: string): string {
	const key = `${locale} ${timeZone}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(INTL_LOCALES[locale], { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' });
		formats.set(key, format);
	}
	return format.format(at);
}

/** The panel's clock for one request: formats moments in its language and the moderator's zone. */
export function panelClock(event: { cookies: Cookies; locals: { locale: Locale } }): (at: Date) => string {
	const zone = knownTimeZone(event.cookies.get(TIME_ZONE_COOKIE)) ?? DEFAULT_TIME_ZONE;
	return (at) => formatPanelTime(at, event.locals.locale, zone);
}
