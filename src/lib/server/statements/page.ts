import type { Locale } from '$lib/i18n/locales';
import { formatCount, INTL_LOCALES } from '$lib/i18n/locales';
import type { StatementView } from '$lib/statement-view';
import { getCounts } from './counters';
import { getCountryName, getCountryOptions } from '$lib/countries';
import type { Db } from '../db';
import { toEndorserView } from '../endorsements/public-list';
import { listNewestEndorsers } from '../endorsements/public-list';
import { listPublicSignatories } from '../signatures/public-list';

export const LATEST_SIGNATORIES = 8;
export const WALL_ENDORSERS = 24;

/** What a statement page shows besides the text: the count, the newest names, the sign form's countries. */
export function loadStatementExtras(db: Db, statement: StatementView, locale: Locale) {
	const counts = getCounts(db, statement.id);
	const goal = statement.signatureGoal;
	return {
		counter: {
			count: counts.signatures,
			countText: formatCount(counts.signatures, locale),
			goalText: goal ? formatCount(goal, locale) : null,
			percent: goal ? Math.min(100, Math.floor((counts.signatures / goal) * 100)) : null,
			percentText: goal ? new Intl.NumberFormat(INTL_LOCALES[locale], { style: 'percent' }).format(Math.min(1, counts.signatures / goal)) : null
		},
		latest: listPublicSignatories(db, statement.id, { limit: LATEST_SIGNATORIES }).signatories.map((s) => ({
			...s,
			countryName: getCountryName(s.country, locale)
		})),
		endorsers: {
			count: counts.organizations,
			countText: formatCount(counts.organizations, locale),
			newest: listNewestEndorsers(db, statement.id, WALL_ENDORSERS).map((e) => toEndorserView(e, locale))
		},
		countries: getCountryOptions(locale)
	};
}
