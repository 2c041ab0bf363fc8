import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helperProcess } from '$lib/server/helper-process';
import { makeTempDir } from './helpers/db';

const helpers: { stop: () => void }[] = [];
afterEach(() => {
	for (const helper of helpers.splice(0)) helper.stop();
});

/** A helper program answering as the real ones do (serveTasks): "double" doubles, "fail" fails, "die" ends the process. */
function program(): string {
	const file = join(makeTempDir(), 'helper.mjs');
	writeFileSync(
		file,
		`process.on('message', ({ id, task, input }) => {
			if (task === 'die') process.exit(3);
			if (task === 'fail') return process.send({ id, error: 'no luck' });
			process.send({ id, value: { pid: process.pid, bytes: Buffer.from([input, input * 2]) } });
		});
		process.on('disconnect', () => process.exit(0));`
	);
	return file;
}

function start(idleMs?: number) {
	const helper = helperProcess(program(), idleMs);
	helpers.push(helper);
	return helper;
}

type Answer = { pid: number; bytes: Uint8Array };

describe('a helper process', () => {
	it('answers tasks side by side, bytes as bytes, and reports a failed task as an error', async () => {
		const helper = start();
		const [a, b] = await Promise.all([helper.run<Answer>('double', 2), helper.run<Answer>('double', 5)]);
		expect([...a.bytes]).toEqual([2, 4]);
		expect([...b.bytes]).toEqual([5, 10]);
		expect(a.pid).toBe(b.pid);
		expect(a.pid).not.toBe(process.pid);
		await expect(helper.run('fail', 0)).rejects.toThrow('no luck');
	});

	it('fails what it was doing when it dies, and the next task starts another', async () => {
		const helper = start();
		const first = await helper.run<Answer>('double', 1);
		await expect(helper.run('die', 0)).rejects.toThrow(/stopped \(exit 3\)/);
		const second = await helper.run<Answer>('double', 1);
		expect(second.pid).not.toBe(first.pid);
	});

	it('ends when idle and starts again when needed', async () => {
		const helper = start(100);
		const first = await helper.run<Answer>('double', 1);
		await expect.poll(() => {
			try {
				process.kill(first.pid, 0);
				return 'running';
			} catch {
				return 'ended';
			}
		}).toBe('ended');
		expect((await helper.run<Answer>('double', 1)).pid).not.toBe(first.pid);
	});
});

describe('a helper process that hangs', () => {
	it('fails the task after its time, ends the process, and the next task gets a new one', async () => {
		const file = join(makeTempDir(), 'hangs.mjs');
		writeFileSync(
			file,
			`process.on('message', ({ id, task }) => { if (task === 'hang') return; process.send({ id, value: { pid: process.pid, bytes: new Uint8Array() } }); });
			process.on('disconnect', () => process.exit(0));`
		);
		const helper = helperProcess(file, 60_000, 200);
		helpers.push(helper);
		const first = await helper.run<Answer>('answer', 0);
		await expect(helper.run('hang', 0)).rejects.toThrow(/longer than 0.2 s/);
		const second = await helper.run<Answer>('answer', 0);
		expect(second.pid).not.toBe(first.pid);
	});
});
