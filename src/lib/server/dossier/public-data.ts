/**
 * The public data files that accompany a dossier: every organization and every named signatory it
 * shows, with only what the public lists show, as CSV (for spreadsheets) and JSON, with the signed
 * head they correspond to. Their SHA-256 is printed in the dossier, so a reader can check that the
 * file they downloaded is the one the dossier speaks of.
 */
import { csvHeader, csvLines } from '../csv';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { getCountryName } from '$lib/server/countries';
import type { DossierFacts, NamedSignatory } from './facts';

export const CSV_COLUMNS = ['kind', 'name', 'country', 'country_name', 'city', 'affiliation', 'organization_type', 'website'];
const ROWS_PER_WRITE = 2000;
/** What a file is handed at once (and the most it holds back). */
const CHUNK_CHARACTERS = 256 * 1024;

/** A file written in chunks, waiting when the disk is behind, hashing what it writes. */
class HashedFile {
	private readonly out: WriteStream;
	private readonly hash = createHash('sha256');
	private pending: string[] = [];
	private pendingLength = 0;

	constructor(file: string) {
		this.out = createWriteStream(file, { mode: 0o600 });
	}

	async write(text: string): Promise<void> {
		this.pending.push(text);
		this.pendingLength += text.length;
		if (this.pendingLength >= CHUNK_CHARACTERS) await this.flush();
	}

	async flush(): Promise<void> {
		if (this.pending.length === 0) return;
		const chunk = Buffer.from(this.pending.join(''), 'utf8');
		this.pending = [];
		this.pendingLength = 0;
		this.hash.update(chunk);
		if (!this.out.write(chunk)) await once(this.out, 'drain');
	}

	async close(): Promise<string> {
		await this.flush();
		this.out.end();
		await once(this.out, 'finish');
		return this.hash.digest('hex');
	}
}

const csvLine = (cells: (string | null)[]) => csvLines([cells]);

/**
 * Writes both files in one walk of the signatories and returns their
 * SHA-256 and how many signatories they name. `onProgress` gets the number written so far.
 */
export async function writePublicData(
	facts: DossierFacts,
	signatories: Iterable<NamedSignatory>,
	files: { csv: string; json: string },
	onProgress?: (named: number) => void
): Promise<{ csvSha256: string; jsonSha256: string; named: number }> {
	const csv = new HashedFile(files.csv);
	const json = new HashedFile(files.json);
	const head = { treeSize: facts.head.treeSize, rootHash: facts.head.rootHash, time: facts.head.signedAt.toISOString(), key: facts.head.key };
	// A byte-order mark first: spreadsheets then read ə and ü right.
	await csv.write(csvHeader(CSV_COLUMNS));
	await json.write(`{"statement":${JSON.stringify(facts.slug)},"head":${JSON.stringify(head)},"organizations":[`);
	let first = true;
	for (const o of facts.organizations) {
		await csv.write(csvLine(['organization', o.name, o.country, getCountryName(o.country, 'en'), o.city, null, o.type, o.website]));
		await json.write(`${first ? '' : ','}\n${JSON.stringify({ name: o.name, type: o.type, country: o.country, city: o.city, website: o.website, support: o.support })}`);
		first = false;
	}
	await json.write('\n],"signatories":[');
	let named = 0;
	// CSV lines a batch at a time (one call of the CSV writer for many rows).
	let rows: (string | null)[][] = [];
	const writeRows = async () => {
		await csv.write(csvLines(rows));
		rows = [];
	};
	for (const s of signatories) {
		rows.push(['signatory', s.name, s.country, getCountryName(s.country, 'en'), s.city, s.affiliation, null, null]);
		await json.write(`${named === 0 ? '' : ','}\n${JSON.stringify({ name: s.name, country: s.country, city: s.city, affiliation: s.affiliation })}`);
		named += 1;
		if (named % ROWS_PER_WRITE === 0) {
			await writeRows();
			onProgress?.(named);
			await new Promise((resolve) => setImmediate(resolve));
		}
	}
	await writeRows();
	await json.write('\n]}\n');
	const [csvSha256, jsonSha256] = await Promise.all([csv.close(), json.close()]);
	return { csvSha256, jsonSha256, named };
}
