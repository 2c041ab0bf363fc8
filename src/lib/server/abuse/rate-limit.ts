import type { Connection } from '../db/prepared';
import { getAbuseSettings } from '../config';
import { countInWindow } from './limits';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/**
 * Count one signature (or endorsement) from this hashed address; true when it is over the burst or
 * the daily limit. In SQLite (see countInWindow): a restart does not reset it and several processes
 * share it. Called by admitSubmission, in the write that keeps the submission.
 */
export function isOverSigningLimit(db: Connection, ipKey: string, now = Date.now()): boolean {
	const { burstPerMinute, perDay } = getAbuseSettings();
	const minute = countInWindow(db, `sign-minute:${ipKey}`, MINUTE, now);
	const day = countInWindow(db, `sign-day:${ipKey}`, 24 * HOUR, now);
	return minute > Math.max(1, burstPerMinute) || day > Math.max(1, perDay);
}

/** Requests to see one's data from this hashed address: ten an hour, then refused for the rest of it. */
export function isOverDataRequestLimit(db: Connection, ipKey: string, now = Date.now()): boolean {
	return countInWindow(db, `data-request:${ipKey}`, HOUR, now) > 10;
}
