import type { Locale } from '$lib/i18n/locales';
import { formatCount, INTL_LOCALES } from '$lib/i18n/locales';
import type { StatementView } from '$lib/statement-view';
import { getCounts } from './counters';
import { getCountryName, getCountryOptions } from '$lib/server/countries';
import type { Db } from '../db';
import { listNewestEndorsers, toEndorserView } from '../endorsements/public-list';
import { listPublicSignatories } from '../signatures/public-list';

export const LATEST_SIGNATORIES = 8;
export const WALL_ENDORSERS = 24;

/** The count as pages show it: the number, the goal and how far towards it, in the page's language. */
export function loadCounter(db: Db, statement: Pick<StatementView, 'id' | 'signatureGoal'>, locale: Locale, signatures = getCounts(db, statement.id).signatures) {
	const goal = statement.signatureGoal;
	return {
		count: signatures,
		countText: formatCount(signatures, locale),
		goalText: goal ? formatCount(goal, locale) : null,
		percent: goal ? Math.min(100, Math.floor((signatures / goal) * 100)) : null,
		// Rounded down, like the bar: 995 of 1,000 is 99 %, not "100 % reached".
		percentText: goal ? new Intl.NumberFormat(INTL_LOCALES[locale], { style: 'percent' }).format(Math.min(100, Math.floor((signatures / goal) * 100)) / 100) : null
	};
}

/** The people who signed last, as the pages list them (their country named in the page's language). */
export function loadLatest(db: Db, statement: Pick<StatementView, 'id'>, locale: Locale) {
	return listPublicSignatories(db, statement.id, { limit: LATEST_SIGNATORIES }).signatories.map((s) => ({
		...s,
		countryName: getCountryName(s.country, locale)
	}));
}

/** What a statement page shows besides the text: the count, the newest names, the sign form's countries. */
export function loadStatementExtras(db: Db, statement: StatementView, locale: Locale) {
	const { signatures, organizations } = getCounts(db, statement.id);
	return {
		counter: loadCounter(db, statement, locale, signatures),
		latest: loadLatest(db, statement, locale),
		endorsers: {
			count: organizations,
			countText: formatCount(organizations, locale),
			newest: listNewestEndorsers(db, statement.id, WALL_ENDORSERS).map((e) => toEndorserView(e, locale))
		},
		countries: getCountryOptions(locale)
	};
}
