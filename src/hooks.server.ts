import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { neverStored, SHARED_CACHE_CONTROL, STAFF_CHANGE_EVENT, sharedCacheKey } from '../cache-policy.js';
import { building } from '$app/environment';
import { isLocale, LANG_COOKIE, negotiateLocale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/translate';
import { getAbuseSettings, getAppSecret } from '$lib/server/config';
import { closeDb, getDb, type Db } from '$lib/server/db';
import { startBackgroundWork } from '$lib/server/jobs';
import { deleteSessionTokenCookie, SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { chain } from '$lib/server/handle-chain';
import { createFirstAdminSetupLink } from '$lib/server/staff/accounts';
import { getJobsLeaseMs, getOrigin } from '$lib/server/config';
import { holdLease, JOBS_LEASE } from '$lib/server/processes/lease';
import { bumpPageGeneration, watchPageGeneration } from '$lib/server/processes/page-generation';
import { seedStatements } from '$lib/server/seed';
import { startLedgers } from '$lib/server/ledger/start';
import { redactTokens } from '$lib/server/log';
import { stopDocumentHelper } from '$lib/server/documents';

export const init: ServerInit = () => {
	if (building) return;
	const db = getDb();
	getAppSecret();
	// With WORKERS > 1 the first process does what is done once per start; the others (FOLLOWER) skip it.
	if (!process.env.UNDERSIGNED_FOLLOWER) firstStart(db);
	// Exactly one process on this database runs the jobs, the mail and the backups (see processes/lease.ts).
	const stopBackgroundWork = holdLease(db, JOBS_LEASE, getJobsLeaseMs(), { start: () => startBackgroundWork(db), log: (line) => console.log(line) });
	// A staff change another process made: this one's shared pages go too, within half a second.
	const stopWatching = watchPageGeneration(db, () => process.emit(STAFF_CHANGE_EVENT as never));
	// server.js emits this on SIGTERM/SIGINT once no request is open, and waits for 'undersigned:stopped'.
	process.once('sveltekit:shutdown', async () => {
		try {
			stopWatching();
			stopDocumentHelper();
			await stopBackgroundWork();
		} finally {
			closeDb();
			process.emit('undersigned:stopped' as never);
		}
	});
};

/** The statements' seed, the ledgers' start and, while there is no administrator, the setup link. */
function firstStart(db: Db): void {
	seedStatements(db);
	// Before anything can append a leaf: the ledger of what was counted before there was one.
	const started = startLedgers(db);
	if (started.leaves > 0) console.log(`[ledger] started the public ledger of ${started.statements} statement(s) with ${started.leaves} leaves`);
	if (!getAbuseSettings().enabled) {
		console.warn(
			'\n!!! ABUSE_PROTECTION=off: no proof-of-work, honeypot or rate limits. For benchmarks only; never in production. !!!\n'
		);
	}
	const setupLink = createFirstAdminSetupLink(db, getOrigin());
	if (setupLink) {
		console.log(`\nNo administrator yet. Set up the first one within the hour at:\n\n    ${setupLink}\n`);
	}
}

/**
 * The page's language comes from the URL. `<html lang>` is written here from the request, never
 * from svelte-i18n's global store, which concurrent requests share.
 */
const handleLocale: Handle = ({ event, resolve }) => {
	const segment = event.url.pathname.split('/')[1];
	const fromUrl = event.params.lang ?? segment;
	// The framed counter takes its language from ?lang= (the page that frames it knows its own).
	const fromQuery = segment === 'embed' ? event.url.searchParams.get('lang') : null;
	event.locals.locale = isLocale(fromUrl)
		? fromUrl
		: isLocale(fromQuery)
			? fromQuery
			: negotiateLocale(event.request.headers.get('accept-language'), event.cookies.get(LANG_COOKIE));
	const lang = event.locals.locale;
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
};

/**
 * Largest request body per kind of route. "text" is refused here with a short localized message;
 * "page" is left to the route's action, which answers with its own page (the endorse form shows
 * why the upload failed, with the whole site around it).
 */
const BODY_LIMITS: [RegExp, number, 'text' | 'page'][] = [
	[/^\/[a-z]{2}\/statements\/[^/]+\/sign$/, 32 * 1024, 'text'],
	[/^\/[a-z]{2}\/statements\/[^/]+\/endorse$/, 2.5 * 1024 * 1024, 'page']
];

/**
 * The body if it has at most `limit` bytes, else null. For bodies sent without a Content-Length
 * (chunked), whose size is known only by reading them. What comes past the limit is read and
 * dropped rather than the connection cut, so that the client gets to read the answer; the server's
 * BODY_SIZE_LIMIT ends that too (the stream fails, and the body counts as too large).
 */
async function readBodyUpTo(request: Request, limit: number): Promise<Uint8Array | null> {
	const reader = request.body!.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (let read = await reader.read(); !read.done; read = await reader.read()) {
			size += read.value.byteLength;
			if (size <= limit) chunks.push(read.value);
		}
	} catch {
		return null;
	}
	return size <= limit ? Buffer.concat(chunks, size) : null;
}

/**
 * A body over its route's limit is refused with a localized 413. A declared Content-Length is
 * believed before anything is read; a body without one is counted as it is read.
 */
const handleBodyLimit: Handle = async ({ event, resolve }) => {
	const [, limit, answer] = BODY_LIMITS.find(([pattern]) => pattern.test(event.url.pathname)) ?? [];
	if (!limit || !event.request.body) return resolve(event);
	const declared = event.request.headers.get('content-length');
	let tooLarge = declared !== null && Number(declared) > limit;
	if (declared === null) {
		const body = await readBodyUpTo(event.request, limit);
		if (body === null) tooLarge = true;
		// The action reads the same bytes from a request that now knows its length.
		else event.request = new Request(event.request, { body, duplex: 'half' } as RequestInit);
	}
	if (tooLarge && answer === 'page') {
		event.locals.bodyTooLarge = true;
	} else if (tooLarge) {
		return new Response(translate(event.locals.locale, 'errors.form.tooLarge'), {
			status: 413,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' }
		});
	}
	return resolve(event);
};

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * Pages accept form posts only. Anything else (text/plain, JSON, no type) is answered 415 here, in
 * the visitor's language, before an action tries to read it as a form and fails with a 500.
 */
const handleFormContentType: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'POST' || event.url.pathname.startsWith('/api/')) return resolve(event);
	const type = event.request.headers.get('content-type') ?? '';
	const refuse = (status: number, message: string) =>
		new Response(translate(event.locals.locale, message), {
			status,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
		});
	if (!FORM_TYPES.test(type)) return refuse(415, 'errors.form.contentType');
	// A multipart body that does not parse (no boundary, cut off, malformed) would fail inside the
	// action as a 500. Browsers send such bodies only for forms with files, so only those are read twice.
	if (/^\s*multipart\//i.test(type) && !event.locals.bodyTooLarge) {
		try {
			await event.request.clone().formData();
		} catch {
			return refuse(400, 'errors.form.unreadable');
		}
	}
	return resolve(event);
};

/**
 * Staff sessions exist only under /admin (the cookie's path); public pages never touch them. A post
 * that a fully signed-in staff member made and that succeeded may have changed what public pages
 * show: server.js is told to drop its shared answers. Nobody else's post can empty that cache.
 */
const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.staff = null;
	if (!event.url.pathname.startsWith('/admin')) return resolve(event);
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { session, user } = validateSessionToken(getDb(), token);
		if (session) event.locals.staff = { session, user };
		else deleteSessionTokenCookie(event.cookies, event.url.protocol === 'https:');
	}
	const signedIn = event.locals.staff?.session.twoFactorVerified === true;
	const response = await resolve(event);
	if (signedIn && event.request.method === 'POST' && response.status < 400) {
		process.emit(STAFF_CHANGE_EVENT as never);
		try {
			bumpPageGeneration(getDb());
		} catch (error) {
			// The change is committed; only the other processes see it after their page cache's seconds.
			console.error('[pages] could not tell the other processes of a staff change:', (error as Error).message);
		}
	}
	return response;
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	let response = await resolve(event);
	// A locked or full database is a temporary condition: the (localized) error page says so with a 503.
	if (response.status === 500 && event.locals.databaseUnavailable) {
		response = new Response(response.body, { status: 503, headers: response.headers });
		response.headers.set('Retry-After', '30');
	}
	// Responses built from fetch() have immutable headers; those are passed through untouched.
	try {
		// Kit lists the page's scripts and styles again in a Link header (1.5 KB on every answer);
		// the page's <head> already has the same preload tags, and the browser reads them at once.
		response.headers.delete('Link');
		response.headers.set('X-Content-Type-Options', 'nosniff');
		response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
		response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
		// Kit writes the page CSP (with its script hashes); other responses (JSON, text) get the strictest one.
		if (!response.headers.has('Content-Security-Policy')) {
			response.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
		}
		// Staff pages are personal: never stored by a browser or a proxy, so nothing to revalidate either.
		if (neverStored(event.url.pathname)) {
			response.headers.set('Cache-Control', 'no-store');
			response.headers.delete('ETag');
		}
		// Public pages are the same for everyone: shared briefly by the page cache, browsers and proxies.
		if (response.status === 200 && !response.headers.has('Cache-Control') && sharedCacheKey(event.request.method, event.url)) {
			response.headers.set('Cache-Control', SHARED_CACHE_CONTROL);
		}
		// The counter is made to be framed by other sites; nothing else may be.
		if (event.url.pathname.startsWith('/embed/') && response.status === 200) {
			const csp = response.headers.get('Content-Security-Policy') ?? '';
			response.headers.set('Content-Security-Policy', csp.replace("frame-ancestors 'none'", 'frame-ancestors *'));
		}
		if (event.url.protocol === 'https:') {
			response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
		}
	} catch {
		// immutable headers
	}
	return response;
};

export const handle = chain(handleLocale, handleHeaders, handleBodyLimit, handleFormContentType, handleAuth);

/** SQLite's answers for "busy right now" or "no room": the request may succeed later. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR)/;

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const code = (error as { code?: unknown })?.code;
	if (typeof code === 'string' && UNAVAILABLE.test(code)) event.locals.databaseUnavailable = true;
	if (status >= 500) {
		// The path only (query strings may carry tokens), with the tokens in it replaced.
		console.error(`[error] ${event.request.method} ${redactTokens(event.url.pathname)}:`, error);
	}
	return { message };
};
