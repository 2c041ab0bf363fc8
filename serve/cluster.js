// WORKERS=n: n server processes on one port (node:cluster hands each connection to one of them),
// all on the one SQLite file. The first is started alone and does what is done once per start (the
// seed, the ledgers, the setup link); the others follow once it listens. Which of them runs the
// jobs is decided in the database (src/lib/server/processes/lease.ts), not here. A process that
// dies is started again; SIGTERM and SIGINT are passed on and waited for.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

/** The number of server processes: WORKERS (default 1; "auto" is one per core). @param {string | undefined} value */
export function workerCount(value) {
	const text = value?.trim().toLowerCase();
	if (!text) return 1;
	if (text === 'auto') return availableParallelism();
	const n = Number(text);
	if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number from 1 to 64, or "auto" (it is "${value}")`);
	return n;
}

const FIRST_RESTART_MS = 1000;
const LONGEST_RESTART_MS = 30_000;

/** Restarts within a minute after which the primary gives up and exits (systemd then restarts the whole service, or reports it failed). */
const MOST_RESTARTS_A_MINUTE = 5;

/** Run as the cluster's primary: start and keep `count` workers. @param {number} count */
export function superviseWorkers(count) {
	let stopping = false;
	let restartDelay = FIRST_RESTART_MS;
	// Until one has listened, the one started does the first-start work; the others wait for it.
	let anyListened = false;
	/** @type {number[]} */
	const restarts = [];
	/** @param {boolean} follower */
	const startWorker = (follower) => cluster.fork(follower ? { UNDERSIGNED_FOLLOWER: '1' } : {});

	startWorker(false);
	cluster.on('listening', (worker) => {
		if (!anyListened) {
			anyListened = true;
			console.log(`Undersigned is listening on ${process.env.ORIGIN} (port ${process.env.PORT}) with ${count} server processes.`);
			for (let i = 1; i < count; i++) startWorker(true);
		}
		// One that has kept running for a minute earns quick restarts again.
		setTimeout(() => {
			if (!worker.isDead()) restartDelay = FIRST_RESTART_MS;
		}, 60_000).unref();
	});
	cluster.on('exit', (worker, code, signal) => {
		if (stopping) {
			if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
			return;
		}
		const now = Date.now();
		restarts.push(now);
		while (restarts.length > 0 && restarts[0] < now - 60_000) restarts.shift();
		if (restarts.length > MOST_RESTARTS_A_MINUTE) {
			console.error(`[cluster] server processes stopped ${restarts.length} times within a minute; giving up`);
			for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
			process.exit(1);
		}
		console.error(`[cluster] server process ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); starting another in ${restartDelay / 1000} s`);
		setTimeout(() => stopping || startWorker(anyListened), restartDelay);
		// A process that dies at once again and again is not restarted in a tight loop.
		restartDelay = Math.min(restartDelay * 2, LONGEST_RESTART_MS);
	});

	/** @param {NodeJS.Signals} signal */
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal} received: stopping ${Object.keys(cluster.workers ?? {}).length} server processes.`);
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
		if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
		// Each stops within 10 s (serve/shutdown.js); the primary does not wait forever.
		setTimeout(() => process.exit(0), 20_000).unref();
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}
