import type { APIRequestContext } from '@playwright/test';
import { SLUG } from './pages';

export type SignFields = Partial<
	Record<'name' | 'email' | 'country' | 'city' | 'affiliation' | 'display' | 'consent' | 'updates' | 'website' | 'altcha', string>
>;

/** POST the sign form as a browser without JavaScript would (same-origin, urlencoded). */
export async function postSignature(request: APIRequestContext, baseURL: string, lang: string, fields: SignFields) {
	return request.post(`/${lang}/statements/${SLUG}/sign`, {
		form: { display: 'full', consent: 'on', country: 'AZ', ...fields } as Record<string, string>,
		headers: { Origin: baseURL, Accept: 'text/html' },
		maxRedirects: 0
	});
}

/**
 * How long a test waits for a count to show: public JSON is shared for PAGE_CACHE_SECONDS (1 s in
 * the tests) and refreshed in the background, which can take a few seconds more while the machine
 * runs the load tests beside it (once, under CI, the default 5 s was not enough).
 */
export const COUNT_POLL = { timeout: 15_000 };

export async function countryCount(request: APIRequestContext, country: string): Promise<number> {
	const response = await request.get(`/api/v1/statements/${SLUG}`);
	const body = (await response.json()) as { byCountry: Record<string, number> };
	return body.byCountry[country] ?? 0;
}
