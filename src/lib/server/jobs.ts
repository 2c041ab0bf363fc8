import type { Db } from './db';
import { copyInChildProcess, copyInProcess, runDailyBackup } from './backup';
import { getAnonymiseAfterMonths, getBackupSettings, getDatabasePath, getMailFrom, getSmtpUrl } from './config';
import { createSmtpDeliver, logDeliver, startMailWorker, type MailWorker } from './mail/worker';
import { purgeUsedChallenges } from './abuse/altcha';
import { dropOldEndorsementIpHmacs, purgeExpiredEndorsements } from './endorsements';
import { purgeOrphanLogos } from './logos';
import { ANONYMISE_BATCH, anonymiseClosedStatements, anonymiseInBatches } from './retention';
import { dropOldIpHmacs, purgeExpiredPending } from './signatures';

const PURGE_EVERY_MS = 10 * 60 * 1000;

let mailWorker: MailWorker | null = null;

/** Deliver queued mail now rather than at the next tick (after a request queued some). */
export function wakeMailWorker(): void {
	mailWorker?.wake();
}

/** Scheduled jobs that run in the server process: delete what must not be kept. */
export function runScheduledJobs(db: Db, now = new Date()) {
	return {
		purgedPending: purgeExpiredPending(db, now),
		purgedChallenges: purgeUsedChallenges(db, now),
		droppedIpHmacs: dropOldIpHmacs(db, now) + dropOldEndorsementIpHmacs(db, now),
		purgedEndorsements: purgeExpiredEndorsements(db, now),
		// After the endorsements: a logo whose endorsement just went is an orphan now.
		purgedLogos: purgeOrphanLogos(db, now),
		// One batch; the server goes on with the rest between requests (startBackgroundWork).
		anonymised: anonymiseClosedStatements(db, getAnonymiseAfterMonths(), now, ANONYMISE_BATCH)
	};
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

/** Start the mail worker and the schedule; returns what stops them, finishing work in flight. */
export function startBackgroundWork(db: Db): () => Promise<void> {
	const smtpUrl = getSmtpUrl();
	let closeTransport = () => {};
	if (smtpUrl) {
		const smtp = createSmtpDeliver(smtpUrl, getMailFrom());
		closeTransport = smtp.close;
		mailWorker = startMailWorker(db, smtp.deliver);
	} else {
		console.warn(
			'[mail] SMTP_URL is not set: this is the development mailbox. NOBODY RECEIVES MAIL; ' +
				'messages stay in the outbox and their links are printed here.'
		);
		mailWorker = startMailWorker(db, logDeliver);
	}

	const reportAnonymised = (a: { statements: number; signatures: number; endorsements: number }) => {
		if (a.statements) console.log(`[jobs] anonymised ${a.signatures} signature(s) and ${a.endorsements} contact(s) of ${a.statements} closed statement(s)`);
	};
	let stopping = false;
	let anonymising: Promise<void> | null = null;
	const runJobs = () => {
		try {
			const { purgedPending, anonymised } = runScheduledJobs(db);
			if (purgedPending) console.log(`[jobs] deleted ${purgedPending} unconfirmed signature(s) whose link expired`);
			reportAnonymised(anonymised);
			if (anonymised.more) {
				anonymising ??= anonymiseInBatches(db, getAnonymiseAfterMonths(), () => stopping)
					.then((rest) => reportAnonymised({ ...rest, signatures: rest.signatures + anonymised.signatures }))
					.catch((error) => console.error('[jobs] anonymising failed:', (error as Error).message))
					.finally(() => (anonymising = null));
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

	return async () => {
		clearInterval(timer);
		stopping = true;
		await anonymising;
		await backup;
		await mailWorker?.stop();
		mailWorker = null;
		closeTransport();
	};
}
