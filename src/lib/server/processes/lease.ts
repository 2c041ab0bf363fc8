import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { withShortWait, type Db } from '../db';
import { lease } from '../db/schema';

/** The lease of the one process that runs the scheduled jobs, the mail and the backups. */
export const JOBS_LEASE = 'jobs';

/** This process, as leases name it: host, process id and a random part (a restarted process is another holder). */
export const THIS_PROCESS = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * Take the lease, or renew it when this holder has it; false while another holder's has not
 * expired. One statement, so that two processes asking at once cannot both get it.
 */
export function takeLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
	const row = db
		.insert(lease)
		.values({ name, holder, expiresAt: now + ttlMs })
		.onConflictDoUpdate({
			target: lease.name,
			set: { holder, expiresAt: now + ttlMs },
			setWhere: sql`${lease.holder} = ${holder} OR ${lease.expiresAt} <= ${now}`
		})
		.returning({ holder: lease.holder })
		.get();
	return row?.holder === holder;
}

/**
 * Whether a holder is a process on this machine that no longer exists (it was killed, or crashed):
 * then its lease need not be waited out.
 */
export function isGoneFromThisMachine(holder: string): boolean {
	const [host, pid] = holder.split(':');
	if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
	try {
		process.kill(Number(pid), 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

/** Take the lease from a holder that is gone from this machine, as if it had expired. */
function takeFromGone(db: Db, name: string, holder: string, ttlMs: number): boolean {
	const current = db.select({ holder: lease.holder }).from(lease).where(eq(lease.name, name)).get();
	if (!current || current.holder === holder || !isGoneFromThisMachine(current.holder)) return false;
	releaseLease(db, name, current.holder);
	return takeLease(db, name, holder, ttlMs);
}

/** Give the lease up (at a graceful stop), so that another process need not wait for it to expire. */
export function releaseLease(db: Db, name: string, holder: string): void {
	db.delete(lease).where(and(eq(lease.name, name), eq(lease.holder, holder))).run();
}

/** Who holds a lease now, or null when nobody does (it expired or was given up). */
export function leaseHolder(db: Db, name: string, now = Date.now()): string | null {
	const row = db.select().from(lease).where(eq(lease.name, name)).get();
	return row && row.expiresAt > now ? row.holder : null;
}

export type LeaseWork = {
	/** Starts the work; returns what stops it (letting what is in flight finish). */
	start: () => () => Promise<void>;
	/** Said when the lease is gained and lost, for the log. */
	log?: (message: string) => void;
};

/**
 * Try for the lease now and then every third of `ttlMs`: while it is held, renew it and keep the
 * work running; when it is lost (this process stood still longer than the lease), stop the work.
 * A holder that dies stops renewing, and another takes over within `ttlMs` plus a third. Returns
 * what stops trying (and the work, and gives the lease up).
 */
export function holdLease(db: Db, name: string, ttlMs: number, work: LeaseWork, holder = THIS_PROCESS): () => Promise<void> {
	let stopWork: (() => Promise<void>) | null = null;
	// Gaining and losing run one after the other: the work is never started while its stop is running.
	let changing: Promise<void> = Promise.resolve();
	let ended = false;
	/** Until when the lease is this process's for sure (its last renewal and the lease's length). */
	let heldUntil = 0;
	const change = (step: () => unknown) => {
		changing = changing.then(async () => void (await step())).catch((error) => work.log?.(`[lease] ${name}: ${(error as Error).message}`));
	};
	const check = () => {
		let held = false;
		try {
			const now = Date.now();
			held = withShortWait(db, () => takeLease(db, name, holder, ttlMs, now) || takeFromGone(db, name, holder, ttlMs));
			if (held) heldUntil = now + ttlMs;
		} catch (error) {
			// A busy or failing database: still held while the last renewal lasts, then given up (the
			// work stops rather than run in two processes).
			held = Date.now() < heldUntil;
			work.log?.(`[lease] could not renew the ${name} lease: ${(error as Error).message}`);
		}
		if (held && !stopWork && !ended) {
			work.log?.(`[lease] this process (${holder}) runs the ${name}`);
			let stop: (() => Promise<void>) | null = null;
			stopWork = () => (stop ? stop() : Promise.resolve());
			change(() => {
				if (!ended) stop = work.start();
			});
		} else if (!held && stopWork) {
			work.log?.(`[lease] this process lost the ${name} lease; stopping them here`);
			const stop = stopWork;
			stopWork = null;
			change(stop);
		}
	};
	check();
	const timer = setInterval(check, Math.max(100, Math.floor(ttlMs / 3)));
	timer.unref();
	return async () => {
		ended = true;
		clearInterval(timer);
		await changing;
		const stop = stopWork;
		stopWork = null;
		await stop?.();
		try {
			releaseLease(db, name, holder);
		} catch {
			// it expires by itself
		}
	};
}
