/** Email addresses: syntax (internationalised domains included) and the canonical form that makes one person one row. */

const MAX_LENGTH = 254;
// The local part as mail servers accept it in practice (dot-atom, ASCII).
const LOCAL_PART = /^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)$/;
const ASCII_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** The domain in ASCII (punycode), or null when it is not a valid host name. Works in browsers and Node. */
export function toAsciiDomain(domain: string): string | null {
	if (!domain || /[\s/?#@:\\[\]%]/.test(domain)) return null;
	try {
		const host = new URL(`http://${domain}`).hostname;
		return ASCII_DOMAIN.test(host) ? host : null;
	} catch {
		return null;
	}
}

/** The address with its domain in ASCII, or null when it is not a valid address. */
export function parseEmail(input: string): { address: string; local: string; domain: string } | null {
	const value = input.normalize('NFC').trim();
	if (value.length > MAX_LENGTH) return null;
	const at = value.lastIndexOf('@');
	if (at < 1) return null;
	const local = value.slice(0, at);
	const domain = toAsciiDomain(value.slice(at + 1).toLowerCase());
	if (!LOCAL_PART.test(local) || !domain) return null;
	const address = `${local}@${domain}`;
	return address.length > MAX_LENGTH ? null : { address, local, domain };
}

/**
 * One person, one key: lower-cased; the +tag dropped everywhere; for Gmail also the dots, with
 * googlemail.com folded into gmail.com.
 */
export function canonicalizeEmail(input: string): string | null {
	const parsed = parseEmail(input);
	if (!parsed) return null;
	let local = parsed.local.toLowerCase();
	let domain = parsed.domain;
	const plus = local.indexOf('+');
	if (plus > 0) local = local.slice(0, plus);
	if (GMAIL_DOMAINS.has(domain)) {
		local = local.replaceAll('.', '');
		domain = 'gmail.com';
	}
	return local ? `${local}@${domain}` : null;
}
