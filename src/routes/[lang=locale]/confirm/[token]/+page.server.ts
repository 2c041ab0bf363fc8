import { redirect } from '@sveltejs/kit';
import { getCountryName } from '$lib/server/countries';
import { getDb } from '$lib/server/db';
import { getStatementHeading } from '$lib/server/statements/queries';
import { wakeMailWorker } from '$lib/server/jobs';
import { confirm } from '$lib/server/signatures/commands';
import { getSignatureByConfirmToken } from '$lib/server/signatures/queries';
import type { Actions, PageServerLoad } from './$types';

// GET only shows what would be confirmed: mail scanners open links, and must not confirm anything.
export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const row = getSignatureByConfirmToken(getDb(), params.token);
	if (!row || row.state !== 'pending') return { status: 'invalid' as const };
	if (row.confirmExpiresAt && row.confirmExpiresAt.getTime() < Date.now()) return { status: 'expired' as const };
	return {
		status: 'pending' as const,
		statement: getStatementHeading(getDb(), row.statementId, params.lang),
		// Every detail that will be kept, as the last form sent with this address gave it: whoever
		// holds the inbox sees exactly what they confirm, whoever typed it.
		signer: {
			name: row.name,
			publicName: row.publicName,
			country: getCountryName(row.country, params.lang),
			city: row.city,
			affiliation: row.affiliation,
			detailsPublic: row.display === 'full',
			updates: row.updatesOptIn
		}
	};
};

export const actions: Actions = {
	default: async ({ params, url }) => {
		const outcome = await confirm(getDb(), params.token, url.origin);
		if (outcome.status !== 'confirmed') return { status: outcome.status };
		wakeMailWorker();
		redirect(303, `/${params.lang}/statements/${outcome.slug}/thank-you?receipt=${outcome.receipt}`);
	}
};
