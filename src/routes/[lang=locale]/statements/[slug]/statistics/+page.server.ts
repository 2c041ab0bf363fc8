import { error } from '@sveltejs/kit';
import { formatCount, formatDayMonth, formatLongDate } from '$lib/i18n/locales';
import { getDb } from '$lib/server/db';
import { loadStatistics } from '$lib/server/statements/statistics';
import { getPublishedStatement } from '$lib/server/statements/queries';
import { MAP_HEIGHT, MAP_WIDTH, shadeOf, worldShapes } from '$lib/server/statements/world-map';
import type { PageServerLoad } from './$types';

/** A page to read: charts and a map drawn on the server as SVG, with tables beside them; no script. */
export const csr = false;

export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const statement = getPublishedStatement(db, params.slug, params.lang);
	if (!statement) error(404, 'Not found');
	const lang = params.lang;
	const stats = loadStatistics(db, statement.id, lang);
	const most = Math.max(0, ...stats.countries.map((c) => c.signatures));
	const shade = new Map(stats.countries.map((c) => [c.code, { level: shadeOf(c.signatures, most), title: `${c.name}: ${formatCount(c.signatures, lang)}` }]));
	return {
		statement: { slug: statement.slug, title: statement.title },
		signatures: stats.signatures,
		organizations: stats.organizations,
		countryCount: stats.countries.filter((c) => c.signatures > 0).length,
		// What the charts and their tables show, named and numbered in the page's language.
		days: stats.days.map((d) => ({ label: formatDayMonth(d.day, lang), long: formatLongDate(d.day, lang), added: d.added, total: d.total })),
		hours: stats.hours.map((h) => ({ label: `${formatDayMonth(h.hour.slice(0, 10), lang)} ${h.hour.slice(11, 16)}`, added: h.added })),
		countries: stats.countries.map((c) => ({ ...c, signaturesText: formatCount(c.signatures, lang), organizationsText: formatCount(c.organizations, lang) })),
		organizationTypes: stats.organizationTypes,
		map: {
			width: MAP_WIDTH,
			height: MAP_HEIGHT,
			shapes: worldShapes().map((s) => ({ d: s.d, ...(shade.get(s.code) ?? { level: 0, title: null }) }))
		}
	};
};
