import { describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { countSignatures, searchSignatures } from '$lib/server/signatures/queries';
import { listAuditEvents } from '$lib/server/audit';
import { moderateSignature } from '$lib/server/signatures/moderation';
import { nameMatchQuery } from '$lib/server/signatures/name-search';
import { anonymiseClosedStatements } from '$lib/server/privacy/retention';
import { listPublicSignatories } from '$lib/server/signatures/public-list';
import { withdrawSignature } from '$lib/server/signatures/commands';
import { foldForSearch } from '$lib/search';
import { openTestDb } from './helpers/db';
import { confirmByLink, lastToken, ORIGIN, seededStatement, sign, signatureRows } from './helpers/signing';

const names = (db: Db, statementId: number, q: string, extra: Record<string, unknown> = {}) =>
	listPublicSignatories(db, statementId, { q, ...extra }).signatories.map((s) => s.name);

/** Signs and confirms each person, one minute apart. */
function confirmed(db: Db, people: [name: string, display?: string, country?: string][]): number {
	people.forEach(([name, display = 'full', country = 'AZ'], i) => {
		sign(db, { name, display, country, email: `p${i}@example.org` });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN, new Date(Date.UTC(2026, 10, 1, 10, i)));
	});
	return signatureRows(db)[0].statementId;
}

/** Many confirmed signatures at once, straight into the table (the index follows by its triggers). */
function bulkConfirmed(db: Db, statementId: number, count: number, name: (i: number) => string, country: (i: number) => string) {
	const insert = db.$client.prepare(
		`INSERT INTO signature (statement_id, state, name, name_key, public_name, public_name_key, email, email_canonical, email_domain,
			country, display, locale, version_hash, consent_version, created_at, updated_at, confirmed_at)
		VALUES (?, 'confirmed', ?, ?, ?, ?, ?, ?, 'bulk.example', ?, 'full', 'en', 'v', 'c', ?, ?, ?)`
	);
	db.$client.transaction(() => {
		for (let i = 0; i < count; i++) {
			const n = name(i);
			const key = foldForSearch(n);
			insert.run(statementId, n, key, n, key, `b${i}@bulk.example`, `b${i}@bulk.example`, country(i), i, i, i);
		}
	})();
}

describe('a reader searches the signatories', () => {
	it('finds any part of a name of three letters or more, folded as Azerbaijani and German are typed', () => {
		const db = openTestDb();
		const statementId = confirmed(db, [['İlkin Əliyev'], ['Ilkin Aliyev', 'full', 'DE'], ['Jürgen Weiß', 'full', 'DE'], ['Anna-Lena Meyer']]);
		expect(names(db, statementId, 'ilkin')).toEqual(['Ilkin Aliyev', 'İlkin Əliyev']);
		expect(names(db, statementId, 'ƏLİYEV')).toEqual(['İlkin Əliyev']);
		expect(names(db, statementId, 'liyev')).toEqual(['Ilkin Aliyev', 'İlkin Əliyev']);
		expect(names(db, statementId, 'liye')).toHaveLength(2);
		expect(names(db, statementId, 'weiss')).toEqual(['Jürgen Weiß']);
		expect(names(db, statementId, 'jurg')).toEqual(['Jürgen Weiß']);
		expect(names(db, statementId, 'kin ali')).toEqual(['Ilkin Aliyev']);
		expect(names(db, statementId, 'ilkin', { country: 'AZ' })).toEqual(['İlkin Əliyev']);
		expect(names(db, statementId, 'nobody')).toEqual([]);
	});

	it('folds Russian, Turkish and French as they are typed: any case, ё as е, dotted and dotless i alike, no accents', () => {
		const db = openTestDb();
		const statementId = confirmed(db, [['Семён Алиев', 'full', 'RU'], ['ЛЕЙЛА ГУСЕЙНОВА', 'full', 'RU'], ['İsmail Yıldız', 'full', 'TR'], ['Işıl Çağlar', 'full', 'TR'], ['Hélène Lefèvre', 'full', 'FR']]);
		expect(names(db, statementId, 'семен')).toEqual(['Семён Алиев']);
		expect(names(db, statementId, 'АЛИЕВ')).toEqual(['Семён Алиев']);
		expect(names(db, statementId, 'лейла')).toEqual(['ЛЕЙЛА ГУСЕЙНОВА']);
		expect(names(db, statementId, 'ismail')).toEqual(['İsmail Yıldız']);
		expect(names(db, statementId, 'ISMAIL')).toEqual(['İsmail Yıldız']);
		expect(names(db, statementId, 'yildiz')).toEqual(['İsmail Yıldız']);
		expect(names(db, statementId, 'ışıl')).toEqual(['Işıl Çağlar']);
		expect(names(db, statementId, 'caglar')).toEqual(['Işıl Çağlar']);
		expect(names(db, statementId, 'helene')).toEqual(['Hélène Lefèvre']);
		expect(names(db, statementId, 'LEFÈVRE')).toEqual(['Hélène Lefèvre']);
	});

	it('matches one or two letters at the start of a word only', () => {
		const db = openTestDb();
		const statementId = confirmed(db, [['İlkin Əliyev'], ['Anna-Lena Meyer'], ['Olga Petrova']]);
		expect(names(db, statementId, 'le')).toEqual(['Anna-Lena Meyer']);
		expect(names(db, statementId, 'Ə')).toEqual(['İlkin Əliyev']);
		expect(names(db, statementId, 'p')).toEqual(['Olga Petrova']);
		expect(names(db, statementId, 'ov')).toEqual([]);
		expect(names(db, statementId, 'a')).toEqual(['Anna-Lena Meyer']);
	});

	it('never matches what a signer kept private, nor anyone no longer listed', () => {
		const db = openTestDb();
		const statementId = confirmed(db, [
			['Secret Person', 'private'],
			['Zoë Müller', 'initials'],
			['Leyla Hidden'],
			['Withdrawn Walter'],
			['Invalid Ivan'],
			['Kept Kamal']
		]);
		const rows = signatureRows(db);
		const id = (name: string) => rows.find((r) => r.name === name)!.id;
		db.$client.prepare('UPDATE signature SET hidden = 1 WHERE id = ?').run(id('Leyla Hidden'));
		withdrawSignature(db, lastToken(db, 'withdraw'));
		expect(names(db, statementId, 'kamal')).toEqual([]);
		expect(names(db, statementId, 'secret')).toEqual([]);
		expect(names(db, statementId, 'zoe')).toEqual([]);
		expect(names(db, statementId, 'z. m')).toEqual(['Z. M.']);
		expect(names(db, statementId, 'hidden')).toEqual([]);
		expect(names(db, statementId, 'walter')).toEqual(['Withdrawn Walter']);
		moderateSignature(db, id('Invalid Ivan'), 'invalidate', { actor: null });
		expect(names(db, statementId, 'ivan')).toEqual([]);
		moderateSignature(db, id('Invalid Ivan'), 'restore', { actor: null });
		expect(names(db, statementId, 'ivan')).toEqual(['Invalid Ivan']);
		db.$client.prepare('UPDATE signature SET hidden = 0 WHERE id = ?').run(id('Leyla Hidden'));
		expect(names(db, statementId, 'hidden')).toEqual(['Leyla Hidden']);
	});

	it('forgets the names of a closed statement once they are anonymised', () => {
		const db = openTestDb();
		const statementId = confirmed(db, [['Rauf Quliyev'], ['Nigar Həsənova']]);
		db.$client.prepare("UPDATE statement SET status = 'closed', closed_at = 0").run();
		anonymiseClosedStatements(db, 6, new Date(), 100);
		expect(names(db, statementId, 'rauf')).toEqual([]);
		expect(searchSignatures(db, { q: 'nigar' }).rows).toEqual([]);
	});

	it('reads quotes, operators and control characters as plain text', () => {
		const db = openTestDb();
		const statementId = confirmed(db, [["O'Brien Dáithí"], ['Mary OR Jane']]);
		for (const q of ['"', '""', '" OR "', 'NEAR(a b)', '*', 'a*', '\u0001\u0001o', 'key:brien', '%', '_', '\\']) {
			expect(() => listPublicSignatories(db, statementId, { q })).not.toThrow();
			expect(() => searchSignatures(db, { q })).not.toThrow();
		}
		expect(names(db, statementId, "o'brien")).toEqual(["O'Brien Dáithí"]);
		expect(names(db, statementId, 'y or j')).toEqual(['Mary OR Jane']);
		// Control characters are spaces: this is the one letter "o", at the start of a word.
		expect(names(db, statementId, '\u0001\u0001o')).toEqual(['Mary OR Jane', "O'Brien Dáithí"]);
		expect(nameMatchQuery('   ')).toBeNull();
		expect(nameMatchQuery('a"b')).toBe('key : "a""b"');
	});

	it('pages through many matches, newest first, each once', () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		bulkConfirmed(db, statementId, 130, (i) => `Person ${i}`, () => 'AZ');
		const seen: string[] = [];
		let after: string | null = null;
		do {
			const page = listPublicSignatories(db, statementId, { q: 'erson', limit: 50, after });
			seen.push(...page.signatories.map((s) => s.name));
			after = page.next;
		} while (after);
		expect(seen).toHaveLength(130);
		expect(new Set(seen).size).toBe(130);
		expect(seen[0]).toBe('Person 129');
	});

	it('looks at a bounded number of index entries for a rare country, and goes on from there', () => {
		const db = openTestDb();
		const { id: statementId } = seededStatement(db);
		// 2,600 "Aliyev"s, of whom the oldest three live in Iceland.
		bulkConfirmed(db, statementId, 2600, (i) => `Aliyev ${i}`, (i) => (i < 3 ? 'IS' : 'AZ'));
		// Each page looks at a bounded part of the index and, finding nobody there, says where to go on.
		const pages = [];
		let page = listPublicSignatories(db, statementId, { q: 'aliyev', country: 'IS' });
		while (page.signatories.length === 0 && page.next) {
			pages.push(page);
			page = listPublicSignatories(db, statementId, { q: 'aliyev', country: 'IS', after: page.next });
		}
		expect(pages.length).toBeGreaterThanOrEqual(2);
		expect(page.signatories.map((s) => s.name)).toEqual(['Aliyev 2', 'Aliyev 1', 'Aliyev 0']);
		expect(page.next).toBeNull();
	});
});

describe('a moderator searches by name', () => {
	it('finds signatures in every state by any part of the full name, through the name index', () => {
		const db = openTestDb();
		sign(db, { name: 'Pending Pərvin', email: 'pending@example.org' });
		confirmed(db, [['Private Pərvin', 'private']]);
		expect(searchSignatures(db, { q: 'ərvin' }).rows.map((r) => r.name).sort()).toEqual(['Pending Pərvin', 'Private Pərvin']);
		expect(countSignatures(db, { q: 'pervin', state: 'pending' })).toBe(1);
		expect(searchSignatures(db, { q: 'pr' }).rows.map((r) => r.name)).toEqual(['Private Pərvin']);
		expect(countSignatures(db, { q: 'nobody' })).toBe(0);
	});
});

function audit(db: Db, actorEmail: string) {
	db.$client
		.prepare("INSERT INTO audit_event (actor_email, action, subject_type, subject_id, created_at) VALUES (?, 'signature.hide', 'signature', '1', 0)")
		.run(actorEmail);
}

describe('a moderator filters the audit log', () => {
	it('takes % and _ literally', () => {
		const db = openTestDb();
		audit(db, 'a_b@example.org');
		audit(db, 'axb@example.org');
		expect(listAuditEvents(db, { actor: 'a_b' }).rows.map((r) => r.actorEmail)).toEqual(['a_b@example.org']);
		expect(listAuditEvents(db, { actor: '%' }).rows).toEqual([]);
		expect(listAuditEvents(db, { action: 'signature.%' }).rows).toEqual([]);
	});

	it('reads one window of entries per page, and the next page goes on below it', () => {
		const db = openTestDb();
		audit(db, 'rare@example.org');
		db.$client.transaction(() => {
			for (let i = 0; i < 6000; i++) audit(db, 'busy@example.org');
		})();
		const first = listAuditEvents(db, { actor: 'rare' });
		expect(first.rows).toEqual([]);
		expect(first.next).not.toBeNull();
		const second = listAuditEvents(db, { actor: 'rare' }, first.next);
		expect(second.rows.map((r) => r.actorEmail)).toEqual(['rare@example.org']);
		expect(second.next).toBeNull();
		expect(listAuditEvents(db, {}).rows).toHaveLength(100);
	});
});
