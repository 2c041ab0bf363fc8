/**
 * A database the size of a national surge, for benchmarks: `npm run seed:bench -- <file> [signatures] [organizations]`.
 * Defaults: 1,000,000 confirmed signatures across ~150 countries, 2,000 approved organizations,
 * 100,000 pending signatures whose confirmation tokens are known (bench-<n>), and an administrator
 * session. Prints what a benchmark needs (as JSON) on the last line. Never point it at a real database.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { COUNTRY_CODES } from '$lib/country-codes';
import { foldForSearch } from '$lib/search';
import { CONSENT_VERSION, ENDORSEMENT_CONSENT_VERSION } from '$lib/consent';
import { ORGANIZATION_TYPES } from '$lib/validation/choices';
import { createSession } from '$lib/server/auth/session';
import { openDatabase } from '$lib/server/db';
import { processLogo, storeLogo } from '$lib/server/endorsements/logos';
import { seedStatements } from '$lib/server/seed';
import { startLedgers } from '$lib/server/ledger/start';
import { getFeaturedStatement } from '$lib/server/statements/queries';
import { initialsOf } from '$lib/server/signatures/public-name';
import sharp from 'sharp';

const [file, signaturesArg, organizationsArg] = process.argv.slice(2);
if (!file) {
	console.error('Usage: npm run seed:bench -- <new database file> [signatures=1000000] [organizations=2000]');
	process.exit(1);
}
const SIGNATURES = Number(signaturesArg ?? 1_000_000);
const ORGANIZATIONS = Number(organizationsArg ?? 2_000);
const PENDING = 100_000;
const DOMAINS = 5_000;
const BATCH = 50_000;
const started = performance.now();

for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
// The ledger's key is kept beside the database, where the server that uses this file looks for it.
process.env.DATABASE_URL = file;
if (existsSync(file)) throw new Error(`could not remove ${file}`);
const db = openDatabase(file);
const client = db.$client;
// Seeding only: nobody has been promised anything yet.
client.pragma('synchronous = OFF');
seedStatements(db);
const statement = getFeaturedStatement(db, 'en')!;

// A deterministic spread: every run builds the same database.
let seed = 20261127;
function random(): number {
	seed = (seed * 1103515245 + 12345) & 0x7fffffff;
	return seed / 0x7fffffff;
}
const SYLLABLES = ['a', 'li', 'ya', 'mə', 'rə', 'ni', 'gar', 'el', 'çin', 'ka', 'mal', 'ay', 'tən', 'zə', 'ur', 'sev', 'da', 'le', 'na', 'to', 'by', 'ma', 'ri', 'jo', 'han', 'sen', 'ler', 'ova', 'yev', 'berg'];
function word(parts: number): string {
	let w = '';
	for (let i = 0; i < parts; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
	return w[0].toUpperCase() + w.slice(1);
}
// About 150 countries, a few of them (Azerbaijan, Germany, Türkiye…) much more often.
const COUNTRIES = [...COUNTRY_CODES].sort().slice(0, 146).concat(['AZ', 'DE', 'TR', 'GB']);
function country(): string {
	return random() < 0.4 ? ['AZ', 'DE', 'TR', 'GB', 'FR', 'US'][Math.floor(random() * 6)] : COUNTRIES[Math.floor(random() * COUNTRIES.length)];
}
const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const now = Date.now();

const insertSignature = client.prepare(`
	INSERT INTO signature (statement_id, state, name, name_key, public_name, public_name_key, email, email_canonical, email_domain,
		country, city, display, locale, version_hash, consent_version, consented_at, created_at, updated_at, confirmed_at,
		confirm_token_hash, confirm_expires_at, confirm_emails_sent, link_salt, withdraw_token_hash, receipt)
	VALUES (@statementId, @state, @name, @nameKey, @publicName, @publicNameKey, @email, @email, @domain,
		@country, @city, @display, 'en', @versionHash, @consentVersion, @at, @at, @at, @confirmedAt,
		@confirmTokenHash, @confirmExpiresAt, 1, @linkSalt, @withdrawTokenHash, lower(hex(randomblob(16))))`);

const countryCounts = new Map<string, number>();
function addSignatures(from: number, to: number, state: 'confirmed' | 'pending') {
	client.transaction(() => {
		for (let i = from; i < to; i++) {
			const name = `${word(2)} ${word(3)}`;
			const display = random() < 0.7 ? 'full' : random() < 0.66 ? 'initials' : 'private';
			const publicName = display === 'full' ? name : display === 'initials' ? initialsOf(name, 'en') : null;
			const c = country();
			// Signed over the last 30 days in the order of their ids (the pending ones last), one every
			// ~2.4 s on average for a million and the pending, and none in the future.
			const at = now - Math.floor(((SIGNATURES + PENDING - i) / (SIGNATURES + PENDING)) * 30 * 86_400_000) - 60_000;
			const domain = `d${i % DOMAINS}.example`;
			const token = state === 'pending' ? `bench-${String(i).padStart(26, '0')}` : null;
			insertSignature.run({
				statementId: statement.id,
				state,
				name,
				nameKey: foldForSearch(name),
				publicName,
				publicNameKey: publicName === null ? null : foldForSearch(publicName),
				email: `${state === 'pending' ? 'pending' : 'signer'}${i}@${domain}`,
				domain,
				country: c,
				city: random() < 0.5 ? word(2) : null,
				display,
				versionHash: statement.contentHash,
				consentVersion: CONSENT_VERSION,
				at,
				confirmedAt: state === 'confirmed' ? at : null,
				confirmTokenHash: token ? hash(token) : null,
				confirmExpiresAt: token ? now + 30 * 86_400_000 : null,
				linkSalt: `salt${i}`,
				withdrawTokenHash: hash(`withdraw-${state}-${i}`)
			});
			if (state === 'confirmed') countryCounts.set(c, (countryCounts.get(c) ?? 0) + 1);
		}
	})();
}

for (let from = 0; from < SIGNATURES; from += BATCH) addSignatures(from, Math.min(SIGNATURES, from + BATCH), 'confirmed');
for (let from = 0; from < PENDING; from += BATCH) addSignatures(SIGNATURES + from, SIGNATURES + Math.min(PENDING, from + BATCH), 'pending');

// Organizations, a dozen logos shared among them.
const logos: string[] = [];
for (let i = 0; i < 12; i++) {
	const image = await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: (i * 40) % 255, g: 90, b: 140 } } }).png().toBuffer();
	const processed = await processLogo(image);
	if (processed.ok) {
		storeLogo(db, processed.logo);
		logos.push(processed.logo.hash);
	}
}
const insertEndorsement = client.prepare(`
	INSERT INTO endorsement (statement_id, state, name, name_key, type, country, city, website, website_domain, logo_hash, support,
		contact_name, contact_role, contact_email, contact_email_canonical, contact_email_domain, locale, version_hash,
		consent_version, consented_at, link_salt, created_at, updated_at, verified_at, approved_at, decided_at, receipt)
	VALUES (@statementId, 'approved', @name, @nameKey, @type, @country, NULL, @website, @domain, @logo, @support,
		'Contact Person', 'Director', @email, @email, @domain, 'en', @versionHash, @consentVersion, @at, @salt, @at, @at, @at, @at, @at,
		lower(hex(randomblob(16))))`);
const orgCounts = new Map<string, number>();
client.transaction(() => {
	for (let i = 0; i < ORGANIZATIONS; i++) {
		const name = `${word(2)} ${['Association', 'Foundation', 'Institute', 'Network', 'e.V.', 'Birliyi'][i % 6]} ${i}`;
		const c = country();
		const domain = `org${i}.example`;
		insertEndorsement.run({
			statementId: statement.id,
			name,
			nameKey: foldForSearch(name),
			type: ORGANIZATION_TYPES[i % ORGANIZATION_TYPES.length],
			country: c,
			website: `https://www.${domain}/`,
			domain,
			logo: i % 3 === 0 ? null : logos[i % logos.length],
			support: i % 2 ? 'We support this statement.' : null,
			email: `contact@${domain}`,
			versionHash: statement.contentHash,
			consentVersion: ENDORSEMENT_CONSENT_VERSION,
			at: now - (ORGANIZATIONS - i) * 60_000,
			salt: `org-salt-${i}`
		});
		orgCounts.set(c, (orgCounts.get(c) ?? 0) + 1);
	}
})();

// The counters, as the app keeps them.
client.transaction(() => {
	client.prepare('INSERT OR REPLACE INTO statement_counter (statement_id, signatures, organizations) VALUES (?, ?, ?)').run(statement.id, SIGNATURES, ORGANIZATIONS);
	const upsert = client.prepare('INSERT OR REPLACE INTO country_counter (statement_id, country, signatures, organizations) VALUES (?, ?, ?, ?)');
	for (const c of new Set([...countryCounts.keys(), ...orgCounts.keys()])) upsert.run(statement.id, c, countryCounts.get(c) ?? 0, orgCounts.get(c) ?? 0);
})();

// An administrator already signed in (both factors), for the panel's cases.
const admin = client
	.prepare("INSERT INTO admin_user (email, name, role, password_hash, totp_key_encrypted, created_at, updated_at) VALUES ('bench-admin@example.org', 'Bench Admin', 'admin', 'x', 'x', ?, ?) RETURNING id")
	.get(now, now) as { id: number };
const sessionToken = 'benchsessiontokenaaaaaaaaaaaaaaa';
createSession(db, sessionToken, admin.id, true);

// A page deep in the public list (the 900,000th name shown), as a keyset cursor.
const deep = client
	.prepare(
		"SELECT confirmed_at AS at, id FROM signature WHERE statement_id = ? AND state = 'confirmed' AND hidden = 0 AND public_name IS NOT NULL ORDER BY confirmed_at DESC, id DESC LIMIT 1 OFFSET ?"
	)
	.get(statement.id, Math.floor(SIGNATURES * 0.8)) as { at: number; id: number } | undefined;

// The public ledger of what is there, as an upgraded deployment starts it (one leaf each, a first head).
startLedgers(db);

client.pragma('synchronous = FULL');
client.pragma('wal_checkpoint(TRUNCATE)');
client.pragma('optimize');
client.close();
const summary = {
	file,
	slug: statement.slug,
	signatures: SIGNATURES,
	organizations: ORGANIZATIONS,
	pendingTokens: { prefix: 'bench-', digits: 26, from: SIGNATURES, count: PENDING },
	adminCookie: `staff_session=${sessionToken}`,
	deepCursor: deep ? `${deep.at}-${deep.id}` : null,
	searchDomain: 'd1234.example',
	seconds: Math.round((performance.now() - started) / 100) / 10
};
console.log(`Seeded ${SIGNATURES} signatures and ${ORGANIZATIONS} organizations into ${file} in ${summary.seconds} s.`);
console.log(JSON.stringify(summary));
