import { withShortWait, type Db } from './db';
import { copyInChildProcess, copyInProcess, runDailyBackup } from './backup';
import { getAnonymiseAfterMonths, getBackupSettings, getDatabasePath, getMailFrom, getSmtpUrl } from './config';
import { createSmtpDeliver, logDeliver, startMailWorker, type MailWorker } from './mail/worker';
import { startMailProcess } from './mail/process';
import { purgeUsedChallenges } from './abuse/altcha';
import { dropOldEndorsementIpHmacs, purgeExpiredEndorsements } from './endorsements/commands';
import { purgeOrphanLogos } from './endorsements/logos';
import { ANONYMISE_BATCH, anonymiseClosedStatements } from './privacy/retention';
import { dropOldIpHmacs, purgeExpiredPending } from './signatures/commands';
import { dropSpentLimits } from './abuse/limits';
import { dropExpiredLinks, forgetOldRecipients } from './mail/retention';
import { forgetOldSignInFailures } from './auth/throttle';
import { getLedgerHeadSeconds, signChangedHeads } from './ledger/heads';
import { failInterruptedDossiers, startDossiers, stopDossiers } from './dossier/produce';

const PURGE_EVERY_MS = 10 * 60 * 1000;
const DOSSIER_POLL_MS = 5000;
/**
 * Rows a deleting job handles per transaction: what came in during ten minutes days ago can be
 * hundreds of thousands of rows after a surge, and one statement for all of them would stop every
 * request for seconds. The rest is done in the background, a batch at a time (drainInBatches).
 */
export const JOB_BATCH = 500;
const JOB_PAUSE_MS = 30;

let mailWorker: MailWorker | null = null;
let dossiers: (() => void) | null = null;

/**
 * Deliver queued mail now rather than at the next tick (after a request queued some). In a process
 * that does not hold the jobs lease (WORKERS > 1) there is nothing to wake: the one that holds it
 * looks for mail twice a second.
 */
export function wakeMailWorker(): void {
	mailWorker?.wake();
}

/** Make queued dossiers now, if this process runs the jobs (else the one that does finds them within seconds). */
export function wakeDossiers(): void {
	dossiers?.();
}

/** Scheduled jobs that run in the server process: delete what must not be kept. */
export function runScheduledJobs(db: Db, now = new Date()) {
	return {
		purgedPending: purgeExpiredPending(db, now, JOB_BATCH),
		purgedChallenges: purgeUsedChallenges(db, now),
		droppedLimits: dropSpentLimits(db, now.getTime(), JOB_BATCH) + forgetOldSignInFailures(db, now.getTime(), JOB_BATCH),
		// Mail a week old loses its address and contents; unsent mail its links once they expired.
		forgottenRecipients: forgetOldRecipients(db, now.getTime(), JOB_BATCH),
		droppedMailLinks: dropExpiredLinks(db, now.getTime(), JOB_BATCH),
		droppedIpHmacs: dropOldIpHmacs(db, now, JOB_BATCH),
		droppedEndorsementIpHmacs: dropOldEndorsementIpHmacs(db, now, JOB_BATCH),
		purgedEndorsements: purgeExpiredEndorsements(db, now, JOB_BATCH),
		// After the endorsements: a logo whose endorsement just went is an orphan now.
		purgedLogos: purgeOrphanLogos(db, now),
		// One batch; the server goes on with the rest between requests (startBackgroundWork).
		anonymised: anonymiseClosedStatements(db, getAnonymiseAfterMonths(), now, ANONYMISE_BATCH)
	};
}

/**
 * Run `step` (which handles at most `batch` rows and says how many) until it handles fewer,
 * pausing between calls so that requests are answered meanwhile. Returns the rows handled.
 */
export async function drainInBatches(step: (batch: number) => number, stopped = () => false, batch = JOB_BATCH, pauseMs = JOB_PAUSE_MS): Promise<number> {
	let total = 0;
	for (;;) {
		const handled = step(batch);
		total += handled;
		if (handled < batch || stopped()) return total;
		await new Promise((resolve) => setTimeout(resolve, pauseMs));
	}
}

/** Every due statement anonymised a batch at a time, as drainInBatches goes; what it did in all. */
export async function anonymiseInBatches(db: Db, months: number, stopped = () => false, batch = ANONYMISE_BATCH) {
	const total = { statements: 0, signatures: 0, endorsements: 0 };
	await drainInBatches(
		(n) => {
			const step = anonymiseClosedStatements(db, months, new Date(), n);
			total.statements += step.statements;
			total.signatures += step.signatures;
			total.endorsements += step.endorsements;
			// A full batch tells the drain to go on.
			return step.more ? n : 0;
		},
		stopped,
		batch
	);
	return total;
}

/** Today's backup into BACKUP_DIR, if there is none yet; the newest BACKUP_KEEP are kept. */
async function backUpDaily(db: Db): Promise<void> {
	const { dir, keep } = getBackupSettings();
	if (!dir) return;
	try {
		// server.js names the built backup program; without it (vite dev) the copy is made here.
		const program = process.env.BACKUP_PROGRAM;
		const copy = program ? copyInChildProcess(program, getDatabasePath()) : copyInProcess(db.$client);
		const report = await runDailyBackup(copy, dir, keep);
		if (report) console.log(`[backup] ${report.file}: ${report.bytes} bytes in ${report.milliseconds} ms, integrity_check ${report.integrity}`);
	} catch (error) {
		console.error('[backup] the daily backup failed:', (error as Error).message);
	}
}

/**
 * The mail worker: in a child process of its own when MAIL_PROGRAM names one (server.js does), else
 * here (vite dev, tests). Without SMTP_URL, the development mailbox.
 */
function startMail(db: Db): MailWorker {
	const smtpUrl = getSmtpUrl();
	if (!smtpUrl) {
		console.warn(
			'[mail] SMTP_URL is not set: this is the development mailbox. NOBODY RECEIVES MAIL; ' +
				'messages stay in the outbox and their links are printed here.'
		);
	}
	const program = process.env.MAIL_PROGRAM;
	if (program) return startMailProcess(program);
	if (!smtpUrl) return startMailWorker(db, logDeliver);
	const smtp = createSmtpDeliver(smtpUrl, getMailFrom());
	const worker = startMailWorker(db, smtp.deliver);
	return { wake: worker.wake, stop: () => worker.stop().finally(smtp.close) };
}

/**
 * Start the mail worker and the schedule; returns what stops them, finishing work in flight. Only
 * the process holding the jobs lease runs this (src/hooks.server.ts).
 */
export function startBackgroundWork(db: Db): () => Promise<void> {
	mailWorker = startMail(db);
	const reportAnonymised = (a: { statements: number; signatures: number; endorsements: number }) => {
		if (a.statements) console.log(`[jobs] anonymised ${a.signatures} signature(s) and ${a.endorsements} contact(s) of ${a.statements} closed statement(s)`);
	};
	const reportPurged = (n: number) => {
		if (n) console.log(`[jobs] deleted ${n} unconfirmed signature(s) whose link expired`);
	};
	let stopping = false;
	const stopped = () => stopping;
	/** Work a tick began and could not finish, one of each kind at a time. */
	const unfinished = new Map<string, Promise<void>>();
	const finishInBackground = (kind: string, work: () => Promise<void>) => {
		if (unfinished.has(kind)) return;
		const running = work()
			.catch((error) => console.error(`[jobs] ${kind} failed:`, (error as Error).message))
			.finally(() => unfinished.delete(kind));
		unfinished.set(kind, running);
	};
	const runJobs = () => {
		try {
			const { purgedPending, droppedIpHmacs, droppedEndorsementIpHmacs, purgedEndorsements, droppedLimits, forgottenRecipients, anonymised } = runScheduledJobs(db);
			if (forgottenRecipients >= JOB_BATCH) finishInBackground('forgetting old recipients', async () => void (await drainInBatches((n) => forgetOldRecipients(db, Date.now(), n), stopped)));
			if (droppedLimits >= JOB_BATCH) finishInBackground('dropping spent limits', async () => void (await drainInBatches((n) => dropSpentLimits(db, Date.now(), n), stopped)));
			if (purgedPending < JOB_BATCH) reportPurged(purgedPending);
			else finishInBackground('purging', async () => reportPurged(purgedPending + (await drainInBatches((n) => purgeExpiredPending(db, new Date(), n), stopped))));
			if (droppedIpHmacs >= JOB_BATCH) finishInBackground('dropping hashed addresses', async () => void (await drainInBatches((n) => dropOldIpHmacs(db, new Date(), n), stopped)));
			if (droppedEndorsementIpHmacs >= JOB_BATCH)
				finishInBackground("dropping organizations' hashed addresses", async () => void (await drainInBatches((n) => dropOldEndorsementIpHmacs(db, new Date(), n), stopped)));
			if (purgedEndorsements >= JOB_BATCH)
				finishInBackground('purging endorsements', async () => void (await drainInBatches((n) => purgeExpiredEndorsements(db, new Date(), n), stopped)));
			reportAnonymised(anonymised);
			if (anonymised.more) {
				finishInBackground('anonymising', async () => {
					const rest = await anonymiseInBatches(db, getAnonymiseAfterMonths(), stopped);
					reportAnonymised({ ...rest, signatures: rest.signatures + anonymised.signatures });
				});
			}
		} catch (error) {
			console.error('[jobs] scheduled job failed:', (error as Error).message);
		}
	};
	let backup: Promise<void> | null = null;
	const tick = () => {
		runJobs();
		backup ??= backUpDaily(db).finally(() => (backup = null));
	};
	tick();
	const timer = setInterval(tick, PURGE_EVERY_MS);
	timer.unref();
	// The ledger's signed heads: at most every LEDGER_HEAD_SECONDS, when a count moved.
	const signHeads = () => {
		try {
			// Tried again at the next interval when the database is busy.
			withShortWait(db, () => signChangedHeads(db));
		} catch (error) {
			console.error('[ledger] signing heads failed:', (error as Error).message);
		}
	};
	signHeads();
	const heads = setInterval(signHeads, getLedgerHeadSeconds() * 1000);
	heads.unref();
	// Dossiers asked for before a restart: one being made then is marked failed, queued ones are made.
	if (failInterruptedDossiers(db) > 0) console.warn('[dossier] a dossier was being made when the server stopped; it is marked failed');
	dossiers = () => void startDossiers(db);
	dossiers();
	// Asked for in another process (WORKERS > 1): found here.
	const queuedDossiers = setInterval(dossiers, DOSSIER_POLL_MS);
	queuedDossiers.unref();

	return async () => {
		clearInterval(timer);
		clearInterval(heads);
		clearInterval(queuedDossiers);
		dossiers = null;
		// No further dossier here; one being made finishes (or, if this process ends first, is marked failed by the next).
		void stopDossiers();
		stopping = true;
		await Promise.all(unfinished.values());
		await backup;
		await mailWorker?.stop();
		mailWorker = null;
	};
}
