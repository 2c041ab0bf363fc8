import type { Handle, RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { chain } from '$lib/server/handle-chain';

const event = { url: new URL('https://example.org/en'), locals: {} } as unknown as RequestEvent;

/** Kit's resolve as far as the handles see it: renders "<html lang=%lang%>" through the page transform it is given. */
function kit() {
	const seen: { event?: RequestEvent; options?: ResolveOptions } = {};
	const resolve = async (e: RequestEvent, options?: ResolveOptions) => {
		seen.event = e;
		seen.options = options;
		const html = (await options?.transformPageChunk?.({ html: '<html lang="%lang%">%body%', done: true })) ?? '<html lang="%lang%">%body%';
		return new Response(html);
	};
	return { resolve, seen };
}

describe('the handles, one inside the other', () => {
	it('run in order around the page, each seeing what the one before did to the event and the response', async () => {
		const order: string[] = [];
		const outer: Handle = async ({ event, resolve }) => {
			order.push('outer in');
			const response = await resolve(event);
			order.push('outer out');
			response.headers.set('x-outer', '1');
			return response;
		};
		const inner: Handle = ({ event, resolve }) => {
			order.push(`inner in, locale ${event.locals.locale}`);
			return resolve(event);
		};
		const locale: Handle = ({ event, resolve }) => {
			event.locals.locale = 'de';
			return resolve(event);
		};
		const { resolve, seen } = kit();
		const response = await chain(outer, locale, inner)({ event, resolve });
		expect(order).toEqual(['outer in', 'inner in, locale de', 'outer out']);
		expect(response.headers.get('x-outer')).toBe('1');
		expect(seen.event).toBe(event);
		expect(seen.options).toBeUndefined();
	});

	it('stop where a handle answers itself, and the handles around it still see that answer', async () => {
		const refuse: Handle = () => new Response('too large', { status: 413 });
		const headers: Handle = async ({ event, resolve }) => {
			const response = await resolve(event);
			response.headers.set('x-content-type-options', 'nosniff');
			return response;
		};
		const { resolve, seen } = kit();
		const response = await chain(headers, refuse)({ event, resolve });
		expect([response.status, response.headers.get('x-content-type-options')]).toEqual([413, 'nosniff']);
		expect(seen.event).toBeUndefined();
	});

	it("hand a handle's resolve options to the page as they are, and merge two handles' like Kit's sequence", async () => {
		const transformPageChunk = ({ html }: { html: string }) => html.replaceAll('%lang%', 'az');
		const lang: Handle = ({ event, resolve }) => resolve(event, { transformPageChunk });
		const pass: Handle = ({ event, resolve }) => resolve(event);
		const one = kit();
		await chain(lang, pass)({ event, resolve: one.resolve });
		expect(one.seen.options?.transformPageChunk).toBe(transformPageChunk);

		const filter = () => true;
		const body: Handle = ({ event, resolve }) =>
			resolve(event, { transformPageChunk: ({ html }) => html.replace('%body%', '<p>%lang%</p>'), filterSerializedResponseHeaders: filter });
		const two = kit();
		const response = await chain(lang, body)({ event, resolve: two.resolve });
		// The inner handle's transform runs first: the outer one then sees the %lang% it added.
		expect(await response.text()).toBe('<html lang="az"><p>az</p>');
		expect(two.seen.options?.filterSerializedResponseHeaders).toBe(filter);
	});

	it("let the first handle that gives preload or filterSerializedResponseHeaders win, as Kit's sequence does", async () => {
		const first = { preload: () => true, filterSerializedResponseHeaders: () => true };
		const second = { preload: () => false, filterSerializedResponseHeaders: () => false };
		const outer: Handle = ({ event, resolve }) => resolve(event, first);
		const inner: Handle = ({ event, resolve }) => resolve(event, second);
		const { resolve, seen } = kit();
		await chain(outer, inner)({ event, resolve });
		expect(seen.options?.preload).toBe(first.preload);
		expect(seen.options?.filterSerializedResponseHeaders).toBe(first.filterSerializedResponseHeaders);
	});
});
