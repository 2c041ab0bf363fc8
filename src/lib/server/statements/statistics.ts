/**
 * What the public statistics page shows of a statement: how its count grew (per day, and per hour
 * over the last three days), where its signatories are, and what organizations endorse it. Read from
 * the hourly counts (count_hour), the country counters and the approved endorsements' types: the cost
 * does not grow with the number of signatures.
 */
import { and, asc, count, eq, gt, gte, or, sql } from 'drizzle-orm';
import { getCountryName } from '$lib/server/countries';
import { INTL_LOCALES, type Locale } from '$lib/i18n/locales';
import type { Connection } from '../db';
import { countHour, countryCounter, endorsement } from '../db/schema';
import { hourOf } from '../ledger/leaves';

export const RECENT_HOURS = 72;
export const LEAST_DAYS = 7;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type DayPoint = { day: string; added: number; total: number };
export type HourPoint = { hour: string; added: number };
export type CountryRow = { code: string; name: string; signatures: number; organizations: number };

export type Statistics = {
	signatures: number;
	organizations: number;
	/** Every day from the first signature's to today (UTC), none left out, and a week at least (a first day alone is no line). */
	days: DayPoint[];
	/** The last 72 hours, oldest first, each hour once. */
	hours: HourPoint[];
	/** Countries with a signature or an organization, most signatures first. */
	countries: CountryRow[];
	/** Approved organizations by type, most first. */
	organizationTypes: { type: string; count: number }[];
};

export function loadStatistics(db: Connection, statementId: number, locale: Locale, now = new Date()): Statistics {
	const signed = and(eq(countHour.statementId, statementId), eq(countHour.kind, 'signature'));
	const perDay = db
		.select({ day: sql<string>`substr(${countHour.hour}, 1, 10)`, added: sql<number>`sum(${countHour.delta})` })
		.from(countHour)
		.where(signed)
		.groupBy(sql`1`)
		.orderBy(sql`1`)
		.all();
	const firstHour = new Date(Math.floor(now.getTime() / HOUR) * HOUR - (RECENT_HOURS - 1) * HOUR);
	const perHour = db
		.select({ hour: countHour.hour, added: countHour.delta })
		.from(countHour)
		.where(and(signed, gte(countHour.hour, hourOf(firstHour))))
		.all();
	const countries = db
		.select({ code: countryCounter.country, signatures: countryCounter.signatures, organizations: countryCounter.organizations })
		.from(countryCounter)
		.where(and(eq(countryCounter.statementId, statementId), or(gt(countryCounter.signatures, 0), gt(countryCounter.organizations, 0))))
		.all()
		.map((c) => ({ ...c, name: getCountryName(c.code, locale) }));
	const collator = new Intl.Collator(INTL_LOCALES[locale]);
	countries.sort((a, b) => b.signatures - a.signatures || b.organizations - a.organizations || collator.compare(a.name, b.name));
	const organizationTypes = db
		.select({ type: endorsement.type, count: count() })
		.from(endorsement)
		.where(and(eq(endorsement.statementId, statementId), eq(endorsement.state, 'approved')))
		.groupBy(endorsement.type)
		.orderBy(sql`2 DESC`, asc(endorsement.type))
		.all();
	return {
		signatures: countries.reduce((sum, c) => sum + c.signatures, 0),
		organizations: countries.reduce((sum, c) => sum + c.organizations, 0),
		days: everyDay(perDay, now),
		hours: everyHour(perHour, firstHour),
		countries,
		organizationTypes
	};
}

/** The days between the first and today with their additions, and the running total. */
function everyDay(perDay: { day: string; added: number }[], now: Date): DayPoint[] {
	if (perDay.length === 0) return [];
	const added = new Map(perDay.map((d) => [d.day, Number(d.added)]));
	const days: DayPoint[] = [];
	let total = 0;
	const last = Math.max(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`), Date.parse(`${perDay.at(-1)!.day}T00:00:00Z`));
	for (let t = Math.min(Date.parse(`${perDay[0].day}T00:00:00Z`), last - (LEAST_DAYS - 1) * DAY); t <= last; t += DAY) {
		const day = new Date(t).toISOString().slice(0, 10);
		total += added.get(day) ?? 0;
		days.push({ day, added: added.get(day) ?? 0, total });
	}
	return days;
}

function everyHour(perHour: { hour: string; added: number }[], first: Date): HourPoint[] {
	const added = new Map(perHour.map((h) => [h.hour, h.added]));
	return Array.from({ length: RECENT_HOURS }, (_, i) => {
		const hour = hourOf(new Date(first.getTime() + i * HOUR));
		return { hour, added: added.get(hour) ?? 0 };
	});
}

