import Database from 'better-sqlite3';
import { SERVERS, databaseOf } from './servers';

/** Read the main server's database, to see what was (or was not) stored. */
export function signatureRowsFor(canonicalEmail: string): { state: string; name: string; country: string; flags: string }[] {
	const db = new Database(databaseOf(SERVERS.main), { readonly: true });
	try {
		return db
			.prepare('SELECT state, name, country, flags FROM signature WHERE email_canonical = ?')
			.all(canonicalEmail) as { state: string; name: string; country: string; flags: string }[];
	} finally {
		db.close();
	}
}

export function countRows(sql: string, ...params: unknown[]): number {
	const db = new Database(databaseOf(SERVERS.main), { readonly: true });
	try {
		return (db.prepare(sql).pluck().get(...params) as number) ?? 0;
	} finally {
		db.close();
	}
}

/** The public receipt id of a signature (what its signer is given to check it in the ledger). */
export function receiptOf(canonicalEmail: string): string {
	const db = new Database(databaseOf(SERVERS.main), { readonly: true });
	try {
		return db.prepare('SELECT receipt FROM signature WHERE email_canonical = ?').pluck().get(canonicalEmail) as string;
	} finally {
		db.close();
	}
}
