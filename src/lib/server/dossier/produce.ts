/**
 * Delivery dossiers: an administrator asks for one (statement, languages, with or without the list
 * of names, cut-off time); it is made off the request thread, in a child process with its own
 * connections to the database (DOSSIER_PROGRAM, set by server.js), one at a time; the panel shows
 * its progress. Each one made is kept in the data folder with its SHA-256, and asking is audited.
 */
import { inBackground } from '../processes/priority';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, asc, desc, eq, lte, type SQL } from 'drizzle-orm';
import { LOCALES, type Locale } from '$lib/i18n/locales';
import { recordAudit } from '../audit';
import { getDataDir, getDatabasePath, getOrigin } from '../config';
import { openReader, type Db } from '../db';
import { dossier, ledgerHead, statement, type Dossier } from '../db/schema';
import { updateRow } from '../db/rows';
import { latestHead, signHead, getLedgerKey } from '../ledger/heads';
import type { StaffActor } from '../staff/accounts';
import { logoOf, namedSignatories, readFacts, readHead } from './facts';
import { dossierFiles, publicDataUrl, removeFiles } from './paths';

/** The longest a dossier may take (1M names take about a minute). */
const CHILD_TIMEOUT_MS = 15 * 60_000;

/** A cut-off within this of now means "now": the dossier gets a head signed for it. */
const NOW_MS = 60_000;

export type DossierRequest = { locales: Locale[]; withSignatories: boolean; cutoff: Date };
export type DossierContext = { actor: StaffActor; ipHmac: string | null };

export type RequestOutcome = { ok: true; id: number } | { ok: false; error: 'notFound' | 'draft' | 'future' | 'noHead' | 'empty' };

/**
 * Ask for a dossier: the state of the ledger's last signed head at or before the cut-off (a cut-off
 * of now signs a head first, if anything changed since the last). The request is audited; the
 * work is queued (startDossiers runs it).
 */
export function requestDossier(db: Db, slug: string, request: DossierRequest, ctx: DossierContext, now = new Date()): RequestOutcome {
	const s = db.select().from(statement).where(eq(statement.slug, slug)).get();
	if (!s) return { ok: false, error: 'notFound' };
	if (s.status === 'draft') return { ok: false, error: 'draft' };
	if (request.cutoff.getTime() > now.getTime() + NOW_MS) return { ok: false, error: 'future' };
	const asOfNow = request.cutoff.getTime() >= now.getTime() - NOW_MS;
	if (asOfNow) signHead(db, s.id, now);
	const head = db
		.select({ id: ledgerHead.id, treeSize: ledgerHead.treeSize, signedAt: ledgerHead.signedAt })
		.from(ledgerHead)
		.where(and(eq(ledgerHead.statementId, s.id), lte(ledgerHead.signedAt, asOfNow ? now : request.cutoff)))
		.orderBy(desc(ledgerHead.id))
		.limit(1)
		.get();
	// Nothing signed yet at all (nothing was ever counted), or nothing before the cut-off asked for.
	if (!head) return { ok: false, error: asOfNow ? 'empty' : 'noHead' };
	const locales = [s.authoritativeLocale, ...LOCALES.filter((l) => l !== s.authoritativeLocale && request.locales.includes(l))];
	return db.transaction((tx) => {
		const row = tx
			.insert(dossier)
			.values({
				statementId: s.id,
				locales,
				withSignatories: request.withSignatories,
				cutoff: request.cutoff,
				headId: head.id,
				createdById: ctx.actor?.id ?? null,
				createdByEmail: ctx.actor?.email ?? null,
				createdAt: now
			})
			.returning({ id: dossier.id })
			.get();
		recordAudit(
			tx,
			{
				actor: ctx.actor,
				action: 'dossier.produce',
				subjectType: 'dossier',
				subjectId: row.id,
				after: { statement: slug, locales, withSignatories: request.withSignatories, cutoff: request.cutoff.toISOString(), treeSize: head.treeSize, headSignedAt: head.signedAt.toISOString() },
				ipHmac: ctx.ipHmac
			},
			now
		);
		return { ok: true, id: row.id } as const;
	});
}

export type DossierView = Dossier & { slug: string; treeSize: number; headSignedAt: Date };

function dossierViews(db: Db, where: SQL) {
	return db
		.select({ dossier, slug: statement.slug, treeSize: ledgerHead.treeSize, headSignedAt: ledgerHead.signedAt })
		.from(dossier)
		.innerJoin(statement, eq(statement.id, dossier.statementId))
		.innerJoin(ledgerHead, eq(ledgerHead.id, dossier.headId))
		.where(where)
		.orderBy(desc(dossier.id))
		.all()
		.map((r): DossierView => ({ ...r.dossier, slug: r.slug, treeSize: r.treeSize, headSignedAt: r.headSignedAt }));
}

/** A statement's dossiers, newest first. */
export function listDossiers(db: Db, slug: string): DossierView[] {
	return dossierViews(db, eq(statement.slug, slug));
}

export function getDossier(db: Db, id: number): DossierView | null {
	return dossierViews(db, eq(dossier.id, id))[0] ?? null;
}

async function sha256Of(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/**
 * Make the dossier's files: the public data files, then the PDF that prints their SHA-256. Reads
 * through `reader` (a connection of its own: the walk of the names holds it), writes progress and
 * the outcome through `db`. A failure is recorded on the row, and half-written files removed.
 */
export async function makeDossier(db: Db, reader: Db, id: number, options: { reportMemory?: boolean } = {}): Promise<void> {
	const started = performance.now();
	const row = db.select().from(dossier).where(eq(dossier.id, id)).get();
	if (!row) throw new Error(`no dossier ${id}`);
	const slug = db.select({ slug: statement.slug }).from(statement).where(eq(statement.id, row.statementId)).get()!.slug;
	const files = dossierFiles(slug, id);
	let shown = -1;
	const progress = (percent: number) => {
		const p = Math.max(0, Math.min(99, Math.floor(percent)));
		if (p !== shown && !whileRunning(db, id, { progress: (shown = p) })) throw new Stopped();
	};
	// Taken by the queue (takeQueued) or, called directly, here.
	if (row.state === 'queued') takeQueued(db, id);
	else if (row.state !== 'running') return;
	try {
		// Loaded here, in the process that makes dossiers: the server itself never needs PDFKit.
		const [{ countryOrder, writeDossierPdf }, { writePublicData }] = await Promise.all([import('./pdf'), import('./public-data')]);
		mkdirSync(resolve(getDataDir(), 'dossiers'), { recursive: true, mode: 0o700 });
		const head = readHead(reader, row.headId);
		if (!head) throw new Error(`the signed head ${row.headId} is missing`);
		const facts = readFacts(reader, row.statementId, row.locales, head);
		const order = countryOrder(Object.keys(head.counts.countries));
		const total = Math.max(1, head.counts.signatures);
		// The data files take about a third of the time, the PDF's list the rest.
		const share = row.withSignatories ? 35 : 90;
		// The data files name exactly whom the PDF names: nobody, for a dossier without the list.
		const data = await writePublicData(facts, row.withSignatories ? namedSignatories(reader, row.statementId, head.treeSize, order) : [], files, (named) => progress((share * named) / total));
		progress(share);
		const origin = getOrigin();
		const pdf = await writeDossierPdf(
			{
				facts,
				origin,
				publicKeyHex: getLedgerKey(false).publicKey.toString('hex'),
				data: { ...data, csvUrl: publicDataUrl(origin, slug, id, 'csv'), jsonUrl: publicDataUrl(origin, slug, id, 'json') },
				logoOf: (hash) => logoOf(reader, hash),
				signatories: row.withSignatories ? namedSignatories(reader, row.statementId, head.treeSize, order) : null,
				onProgress: (fraction) => progress(share + (99 - share) * fraction)
			},
			files.pdf
		);
		const finished = whileRunning(db, id, {
			state: 'done',
			progress: 100,
			finishedAt: new Date(),
			pdfSha256: await sha256Of(files.pdf),
			pdfBytes: statSync(files.pdf).size,
			pages: pdf.pages,
			csvSha256: data.csvSha256,
			jsonSha256: data.jsonSha256,
			signatories: data.named,
			milliseconds: Math.round(performance.now() - started),
			peakRssBytes: options.reportMemory ? process.resourceUsage().maxRSS * 1024 : null
		});
		if (!finished) throw new Stopped();
	} catch (error) {
		removeFiles(slug, id);
		// Stopped: the row already says what happened to it.
		if (!(error instanceof Stopped)) whileRunning(db, id, { state: 'failed', finishedAt: new Date(), error: (error as Error).message.slice(0, 500) });
		throw error;
	}
}

/**
 * The server marked the dossier failed (it restarted, or gave up on the child) while this process
 * was still making it: the process stops, and keeps no files the row does not account for.
 */
class Stopped extends Error {
	constructor() {
		super('the dossier is no longer being made (the server marked it failed)');
	}
}

/** Writes to the dossier's row while it is being made, and only then; false when it no longer is. */
function whileRunning(db: Db, id: number, set: Partial<typeof dossier.$inferInsert>): boolean {
	return db.update(dossier).set(set).where(and(eq(dossier.id, id), eq(dossier.state, 'running'))).run().changes === 1;
}

/** Runs one dossier in the child process (`build/cli/dossier.js <id>`), which records its own outcome. */
function makeInChildProcess(program: string, id: number): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		inBackground(execFile(
			process.execPath,
			// Its memory: a small heap collected often (a million names pass through it).
			['--max-old-space-size=160', '--max-semi-space-size=8', program, String(id)],
			// A child that hangs is stopped: the queue goes on, and the row says it failed.
			{ env: { ...process.env, DATABASE_URL: getDatabasePath() }, maxBuffer: 1024 * 1024, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' },
			(error, _stdout, stderr) => (error ? reject(new Error(stderr.trim() || error.message)) : resolvePromise())
		));
	});
}

let running: Promise<void> | null = null;

/**
 * Make the queued dossiers, one at a time, oldest first (called after a request and at start).
 * With DOSSIER_PROGRAM (server.js sets it) each is made in a child process; without (vite dev,
 * tests) here, through a reader connection of its own.
 */
export function startDossiers(db: Db): Promise<void> {
	stopping = false;
	// Cleared in a later microtask than the loop's last look for work, and so before any request can queue more.
	running ??= makeQueued(db).finally(() => (running = null));
	return running;
}

let stopping = false;

/** Mark a queued dossier as being made; false when another process took it first (a handover of the jobs). */
function takeQueued(db: Db, id: number): boolean {
	return db.update(dossier).set({ state: 'running', progress: 0, error: null }).where(and(eq(dossier.id, id), eq(dossier.state, 'queued'))).run().changes === 1;
}

/** Take no further dossier (this process stops running the jobs); the one being made is finished. */
export function stopDossiers(): Promise<void> {
	stopping = true;
	return running ?? Promise.resolve();
}

async function makeQueued(db: Db): Promise<void> {
	while (!stopping) {
		const next = db.select({ id: dossier.id }).from(dossier).where(eq(dossier.state, 'queued')).orderBy(asc(dossier.id)).limit(1).get();
		if (!next) return;
		if (!takeQueued(db, next.id)) continue;
		const program = process.env.DOSSIER_PROGRAM;
		try {
			if (program) await makeInChildProcess(program, next.id);
			else {
				const reader = openReader(getDatabasePath());
				try {
					await makeDossier(db, reader, next.id);
				} finally {
					reader.$client.close();
				}
			}
		} catch (error) {
			console.error(`[dossier] dossier ${next.id} failed:`, (error as Error).message);
		}
		// A child that died before it could say so leaves its row running.
		const after = db.select({ state: dossier.state }).from(dossier).where(eq(dossier.id, next.id)).get();
		if (after?.state === 'queued' || after?.state === 'running') {
			updateRow(db, dossier, next.id, { state: 'failed', finishedAt: new Date(), error: 'the producing process stopped before it finished' });
			const found = getDossier(db, next.id);
			if (found) removeFiles(found.slug, next.id);
		}
	}
}

/** At start: a dossier left running by a server that stopped is marked failed (the administrator can ask again). */
export function failInterruptedDossiers(db: Db, now = new Date()): number {
	return db
		.update(dossier)
		.set({ state: 'failed', finishedAt: now, error: 'the server stopped while it was made' })
		.where(eq(dossier.state, 'running'))
		.run().changes;
}

/** Whether a statement has signed heads at all (the form says so when not). */
export function hasSignedHead(db: Db, statementId: number): boolean {
	return latestHead(db, statementId) !== null;
}

/** An administrator deletes a dossier: its files go (they name people), the row stays as the record. Audited. */
export function deleteDossier(db: Db, slug: string, id: number, ctx: DossierContext, now = new Date()): boolean {
	const found = getDossier(db, id);
	if (!found || found.slug !== slug || (found.state !== 'done' && found.state !== 'failed')) return false;
	db.transaction((tx) => {
		updateRow(tx, dossier, id, { state: 'deleted', finishedAt: now });
		recordAudit(tx, { actor: ctx.actor, action: 'dossier.delete', subjectType: 'dossier', subjectId: id, before: { state: found.state, pdfSha256: found.pdfSha256 }, ipHmac: ctx.ipHmac }, now);
	});
	removeFiles(slug, id);
	return true;
}
