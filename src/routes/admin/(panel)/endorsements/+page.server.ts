import { requireStaff } from '$lib/server/auth/guard';
import { getCountryName } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { listEndorsementsForReview, readEndorsementFilter } from '$lib/server/endorsements/review-queue';
import { logoPath } from '$lib/server/endorsements/logos';
import type { PageServerLoad } from './$types';
import { panelClock } from '$lib/server/panel-time';

export const load: PageServerLoad = (event) => {
	const { user } = requireStaff(event);
	const time = panelClock(event);
	const filter = readEndorsementFilter(event.url.searchParams);
	const locale = event.locals.locale;
	return {
		filter: { state: filter.state ?? 'pending_review', q: filter.q ?? '' },
		canExport: user.role === 'admin',
		endorsements: listEndorsementsForReview(getDb(), filter).map(({ row, signals }) => ({
			id: row.id,
			name: row.name,
			type: row.type,
			country: getCountryName(row.country, locale),
			website: row.website,
			logo: row.logoHash ? logoPath(row.logoHash) : null,
			contact: `${row.contactName} (${row.contactRole})`,
			contactEmail: row.contactEmail,
			state: row.state,
			submittedAt: time(row.createdAt),
			signals
		}))
	};
};
