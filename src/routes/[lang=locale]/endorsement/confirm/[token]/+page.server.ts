import { getCountryName } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { getStatementHeading } from '$lib/server/statements/queries';
import { getEndorsementByConfirmToken } from '$lib/server/endorsements/queries';
import { logoPath } from '$lib/server/endorsements/logos';
import { allows } from '$lib/server/endorsements/states';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { wakeMailWorker } from '$lib/server/jobs';
import type { Actions, PageServerLoad } from './$types';

// GET only shows what would be confirmed: mail scanners open links, and must not confirm anything.
export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const row = getEndorsementByConfirmToken(getDb(), params.token);
	if (!row || !allows(row, 'verify')) return { status: 'invalid' as const };
	if (row.confirmExpiresAt && row.confirmExpiresAt.getTime() < Date.now()) return { status: 'expired' as const };
	return {
		status: 'pending' as const,
		statement: getStatementHeading(getDb(), row.statementId, params.lang),
		organization: { name: row.name, type: row.type, country: getCountryName(row.country, params.lang), city: row.city, website: row.website, logo: row.logoHash ? logoPath(row.logoHash) : null,
			support: row.support, contact: row.contactName }
	};
};

export const actions: Actions = {
	default: ({ params, url }) => {
		const outcome = verifyEndorsement(getDb(), params.token, url.origin);
		if (outcome.status === 'verified') wakeMailWorker();
		return { status: outcome.status };
	}
};
