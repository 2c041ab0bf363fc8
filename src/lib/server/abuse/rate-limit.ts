import { RateLimiterMemory } from 'rate-limiter-flexible';
import { getAbuseSettings } from '../config';

let limiters: { burst: RateLimiterMemory; daily: RateLimiterMemory } | null = null;

function getLimiters() {
	if (!limiters) {
		const { burstPerMinute, perDay } = getAbuseSettings();
		limiters = {
			burst: new RateLimiterMemory({ keyPrefix: 'sign-burst', points: Math.max(1, burstPerMinute), duration: 60 }),
			daily: new RateLimiterMemory({ keyPrefix: 'sign-daily', points: Math.max(1, perDay), duration: 24 * 60 * 60 })
		};
	}
	return limiters;
}

/** Count one signature from this (hashed) address; true when it is over the burst or the daily limit. */
export async function isOverSigningLimit(ipKey: string): Promise<boolean> {
	const { burst, daily } = getLimiters();
	const results = await Promise.allSettled([burst.consume(ipKey), daily.consume(ipKey)]);
	return results.some((r) => r.status === 'rejected');
}

let dataRequests: RateLimiterMemory | null = null;

/** Requests to see one's data from this (hashed) address: ten an hour, then refused for a while. */
export async function isOverDataRequestLimit(ipKey: string): Promise<boolean> {
	dataRequests ??= new RateLimiterMemory({ keyPrefix: 'data-request', points: 10, duration: 60 * 60 });
	return dataRequests.consume(ipKey).then(
		() => false,
		() => true
	);
}

/** Tests change the settings between cases. */
export function resetRateLimits(): void {
	limiters = null;
	dataRequests = null;
}
