import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { openDatabase, withShortWait } from '$lib/server/db';
import { lease } from '$lib/server/db/schema';
import { holdLease, isGoneFromThisMachine, leaseHolder, takeLease } from '$lib/server/processes/lease';
import { bumpPageGeneration, readPageGeneration, watchPageGeneration } from '$lib/server/processes/page-generation';
import { openTestDb } from './helpers/db';
import { workerCount } from '../../serve/cluster.js';

const stops: (() => unknown)[] = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
});

/** A second connection to the same file, as another server process has. */
function secondConnection(db: ReturnType<typeof openTestDb>) {
	const other = openDatabase(db.$client.name);
	stops.push(() => other.$client.close());
	return other;
}

/** The process id of a process that has ended. */
function deadPid(): number {
	return spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout as unknown as number;
}

describe('the jobs lease', () => {
	it('goes to one holder at a time, is renewed by it, and passes on only when it expires', () => {
		const db = openTestDb();
		const other = secondConnection(db);
		expect(takeLease(db, 'jobs', 'a', 30_000, 1000)).toBe(true);
		expect(takeLease(other, 'jobs', 'b', 30_000, 1001)).toBe(false);
		expect(takeLease(db, 'jobs', 'a', 30_000, 20_000)).toBe(true);
		// Renewed at 20 s: still a's at 40 s.
		expect(takeLease(other, 'jobs', 'b', 30_000, 40_000)).toBe(false);
		expect(takeLease(other, 'jobs', 'b', 30_000, 50_000)).toBe(true);
		expect(takeLease(db, 'jobs', 'a', 30_000, 50_001)).toBe(false);
		expect(leaseHolder(db, 'jobs', 50_002)).toBe('b');
	});

	it('runs the work in exactly one process, and another takes over when the holder stops', async () => {
		const db = openTestDb();
		const other = secondConnection(db);
		const running: string[] = [];
		const work = (name: string) => ({
			start: () => {
				running.push(name);
				return async () => void running.splice(running.indexOf(name), 1);
			}
		});
		const stopA = holdLease(db, 'jobs', 300, work('a'), 'host-a:1:x');
		const stopB = holdLease(other, 'jobs', 300, work('b'), 'host-b:2:y');
		stops.push(stopB);
		await expect.poll(() => running).toEqual(['a']);
		await new Promise((resolve) => setTimeout(resolve, 400));
		// a renewed it: b never started.
		expect(running).toEqual(['a']);
		await stopA();
		await expect.poll(() => running, { timeout: 2000 }).toEqual(['b']);
	});

	it('stops the work in a process that lost the lease (it stood still longer than the lease lasts)', async () => {
		const db = openTestDb();
		let stopped = 0;
		const stop = holdLease(db, 'jobs', 300, { start: () => async () => void stopped++ }, 'host-a:1:x');
		stops.push(stop);
		// Another process took it while this one stood still.
		db.update(lease).set({ holder: 'host-b:2:y', expiresAt: Date.now() + 60_000 }).run();
		await expect.poll(() => stopped, { timeout: 2000 }).toBe(1);
	});

	it('is taken at once from a holder on this machine that no longer exists', async () => {
		const db = openTestDb();
		const gone = `${hostname()}:${deadPid()}:x`;
		expect(isGoneFromThisMachine(gone)).toBe(true);
		expect(isGoneFromThisMachine(`${hostname()}:${process.pid}:x`)).toBe(false);
		expect(isGoneFromThisMachine(`elsewhere.example:${deadPid()}:x`)).toBe(false);
		takeLease(db, 'jobs', gone, 60 * 60 * 1000);
		let started = false;
		stops.push(holdLease(db, 'jobs', 60 * 60 * 1000, { start: () => ((started = true), async () => {}) }, 'this:1:z'));
		await expect.poll(() => started).toBe(true);
	});
});

describe('background writes while another connection holds the write lock', () => {
	it('give up within a quarter of a second instead of holding up the process for five', () => {
		const db = openTestDb();
		const other = secondConnection(db);
		other.$client.exec('BEGIN IMMEDIATE');
		try {
			const started = performance.now();
			expect(() => withShortWait(db, () => takeLease(db, 'jobs', 'a', 30_000))).toThrow(/locked|busy/i);
			expect(performance.now() - started).toBeLessThan(1000);
			expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
		} finally {
			other.$client.exec('ROLLBACK');
		}
		expect(takeLease(db, 'jobs', 'a', 30_000)).toBe(true);
	});
});

describe('the page generation', () => {
	it('tells every process within half a second that a staff change moved what public pages show', async () => {
		const db = openTestDb();
		const other = secondConnection(db);
		expect(readPageGeneration(db)).toBe(0);
		let changes = 0;
		stops.push(watchPageGeneration(db, () => changes++, 50));
		bumpPageGeneration(other);
		await expect.poll(() => changes, { timeout: 1000, interval: 20 }).toBe(1);
		bumpPageGeneration(other);
		await expect.poll(() => changes, { timeout: 1000, interval: 20 }).toBe(2);
		expect(readPageGeneration(db)).toBe(2);
	});
});

describe('WORKERS', () => {
	it('is one process unless asked, one per core for "auto", and refuses what is not a count', () => {
		expect(workerCount(undefined)).toBe(1);
		expect(workerCount('')).toBe(1);
		expect(workerCount('2')).toBe(2);
		expect(workerCount('auto')).toBeGreaterThanOrEqual(1);
		expect(() => workerCount('two')).toThrow(/WORKERS/);
		expect(() => workerCount('0')).toThrow(/WORKERS/);
	});
});
