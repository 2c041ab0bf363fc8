/**
 * The dossier's own words. It is written in English, the statement's authoritative language and
 * the one its addressees share; the statement's texts in other languages are printed as they are.
 */
type Values = Record<string, string | number>;

const n = (value: string | number) => (typeof value === 'number' ? value.toLocaleString('en-GB') : value);
const count = (value: string | number, one: string, other: string) => `${n(value)} ${value === 1 ? one : other}`;

export const WORDS = {
	kicker: () => 'Dossier',
	coverSignatures: (v: Values) => `${v.count === 1 ? 'verified signature' : 'verified signatures'} from ${count(v.countries, 'country', 'countries')}`,
	coverOrganizations: (v: Values) => (v.count === 1 ? 'endorsing organization' : 'endorsing organizations'),
	coverAsOf: (v: Values) => `As recorded in the public ledger of the count on ${v.time} (signed state of ${count(v.size, 'entry', 'entries')}).`,
	coverCheck: () => 'Anyone can check these numbers, without trusting us:',
	fingerprint: () => 'Key fingerprint (SHA-256):',

	statement: () => 'The statement',
	translation: (v: Values) => `The statement in ${v.language}`,
	authoritative: (v: Values) => `The authoritative text (${v.language}).`,
	unofficial: (v: Values) => `Unofficial translation. The ${v.language} text is authoritative.`,
	textVersion: () => 'Text version (SHA-256):',

	method: () => 'How the signatures were collected and checked',
	methodOptIn: () =>
		'Every signature was given on the statement’s own website and counted only after the person confirmed it with a link sent to their email address (double opt-in). A signature whose link was not followed within the time allowed was deleted and never counted.',
	methodOne: () =>
		'One signature per email address and statement: addresses are compared in a normalised form, so the same mailbox written differently signs once. A signer can withdraw at any time with the link in their emails; a withdrawn signature stops being counted.',
	methodAbuse: () =>
		'Signing is protected against automated and mass submissions: each form carries a small computational challenge solved by the signer’s browser, the number of submissions from one network and to one mail domain is limited, and addresses at disposable-mail services are set aside for review.',
	methodModeration: () =>
		'Volunteer moderators of the association review signatures set aside by these checks and any reported to them. A moderator may invalidate a signature (a duplicate, not a real person, automated, abusive, or at the signer’s request) or restore one; every such decision is recorded with its reason in the public ledger, and the counts below are after them.',
	methodNames: () =>
		'Each signer chose how their name is shown: in full, as initials, or not at all. Those who chose not to be named are counted in every number of this dossier but never named. A city or affiliation is shown only beside a full name. People who withdrew after the time of this dossier are counted in it, as the ledger records, but no longer named.',
	methodOrganizations: () =>
		'Organizations endorsed the statement through a form giving their name, type, country and a contact person; the contact confirmed by email, and a moderator checked the organization before it was listed.',
	methodLedger: () =>
		'Every change of a public count is an entry in an append-only public log built as the logs of web certificates are (RFC 9162); the association signs the state of the log regularly with its key. The last page of this dossier gives the signed state these numbers come from, so that anyone can check that they add up and that nothing was changed afterwards.',
	eventsTitle: () => 'What the ledger records, up to the time of this dossier',
	events: {
		what: () => 'Event',
		howMany: () => 'Number',
		confirmed: () => 'Signatures confirmed by their signers',
		withdrawn: () => 'Signatures withdrawn by their signers (including erasures on request)',
		invalidated: (v: Values) => `Signatures invalidated by moderators: ${v.reason}`,
		rejected: (v: Values) => `Signatures rejected by moderators after confirmation: ${v.reason}`,
		noReason: () => 'no reason code',
		restored: () => 'Signatures restored by moderators',
		counted: () => 'Signatures counted',
		organizationsApproved: () => 'Organizations approved',
		organizationsRemoved: () => 'Organizations removed or withdrawn',
		organizationsCounted: () => 'Organizations counted',
		startNote: (v: Values) =>
			`${count(v.count, 'signature was', 'signatures were')} confirmed before the ledger began and entered it at its start, each as one entry.`
	},

	countries: () => 'Signatures by country',
	countriesText: (v: Values) => `The country each signer gave, as counted in the signed state: ${count(v.countries, 'country', 'countries')}.`,
	country: () => 'Country',
	signatures: () => 'Signatures',
	organizations: () => 'Organizations',
	total: () => 'Total',

	timeline: () => 'Signatures over time',
	timelineEmpty: () => 'No signature has been counted yet.',
	timelineText: (v: Values) => `Signatures counted each day (UTC) and in all, from ${v.from} to ${v.to} (${count(v.days, 'day', 'days')}).`,
	timelineLegend: (v: Values) => `Line: signatures counted in all (left scale). Bars: signatures counted that day, withdrawals deducted (the tallest bar stands for ${v.bars}).`,
	timelineBusiest: (v: Values) => `The most signatures in one day: ${count(v.count, 'signature', 'signatures')} on ${v.day}.`,

	organizationsTitle: () => 'Endorsing organizations',
	organizationsEmpty: () => 'No organization had endorsed the statement at the time of this dossier.',
	organizationsText: (v: Values) => `${count(v.count, 'organization', 'organizations')}, by country, with their own words of support where they gave them.`,
	organizationsGone: (v: Values) => `${count(v.count, 'organization', 'organizations')} counted at the time of this dossier withdrew or ${v.count === 1 ? 'was' : 'were'} removed since, and ${v.count === 1 ? 'is' : 'are'} not listed.`,

	signatoriesTitle: () => 'Public signatories',
	signatoriesText: () =>
		'By country, as each signer chose to be shown (their name in full, with their city, or their initials). The number beside each country is everyone counted there; after the names, how many are not named here: those who chose not to be shown, and anyone hidden by a moderator or who withdrew after the time of this dossier.',
	unnamed: (v: Values) => `and ${count(v.count, 'signatory', 'signatories')} not named`,

	head: () => 'The signed state of the ledger',
	headText: () =>
		'The numbers of this dossier are those of this signed state of the public ledger. Its signature, made with the association’s Ed25519 key, covers the exact text at the end of this page; the root hash fixes every entry before it, in order.',
	headStatement: () => 'Statement',
	headSize: () => 'Entries',
	headTime: () => 'Signed at',
	headRoot: () => 'Root hash (SHA-256, RFC 9162)',
	headSignature: () => 'Signature (Ed25519, base64)',
	headPublicKey: () => 'Public key (Ed25519)',
	csv: () => 'Public data file, CSV (SHA-256)',
	json: () => 'Public data file, JSON (SHA-256)',
	headCheck: () => 'The public ledger of the count',
	headData: () => 'The public data files of this dossier (every name and organization it shows):',
	headVerify: () =>
		'To check the whole ledger and this signed state, run the association’s independent checking program (Node.js, no other software; downloadable from the ledger page) with the key fingerprint above:',
	headBody: () => 'The signed text'
} as const;
