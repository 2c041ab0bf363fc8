/**
 * The mail worker in a process of its own (src/lib/server/mail/process.ts starts it): rendering and
 * sending never take turns with the server's requests. It has its own connection to the database.
 * The server says "wake" when it queued mail and "stop" at a graceful stop; when the server dies
 * (the IPC channel closes), the batch in flight is finished and recorded before it exits too, so
 * that the process taking over sends none of it again.
 */
import { getDatabasePath, getMailFrom, getSmtpUrl } from '$lib/server/config';
import { openDatabase } from '$lib/server/db';
import { createSmtpDeliver, logDeliver, startMailWorker } from '$lib/server/mail/worker';

const POLL_MS = 500;

const db = openDatabase(getDatabasePath());
// The claims and outcomes recorded here need not wait for the disk (in WAL mode, NORMAL still keeps
// the database whole): a power cut may forget the last "sent" marks, and those messages go out
// again, as with a sender that dies before recording them (twice at worst, never lost).
db.$client.pragma('synchronous = NORMAL');
const smtpUrl = getSmtpUrl();
const smtp = smtpUrl ? createSmtpDeliver(smtpUrl, getMailFrom()) : null;
const worker = startMailWorker(db, smtp?.deliver ?? logDeliver, POLL_MS);

let stopping: Promise<void> | null = null;
const stop = () =>
	(stopping ??= worker.stop().finally(() => {
		smtp?.close();
		db.$client.close();
		process.exit(0);
	}));

process.on('message', (message) => {
	if (message === 'wake') worker.wake();
	else if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
// The terminal's Ctrl-C reaches the whole group: the server says "stop" when it is ready for it.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void stop());
