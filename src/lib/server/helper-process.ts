import { fork, type ChildProcess } from 'node:child_process';
import { getDatabasePath } from './config';
import { inBackground } from './processes/priority';

/** A helper unused this long ends, giving its memory back; the next task starts it again. */
const IDLE_MS = 5 * 60 * 1000;

type Waiting = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** What a helper process answers to a task: its value, or why it failed. */
export type HelperAnswer = { id: number; value?: unknown; error?: string };

/** A task taking longer than this is given up and its process ended (a layout that hangs must not hold the queue). */
const TASK_TIMEOUT_MS = 60_000;

/**
 * A child process running `program` for heavy tasks (layout, typesetting) that would otherwise hold
 * up every request meanwhile: started when first needed, given tasks over IPC one message each,
 * ended when idle. If it dies or hangs, what it was doing fails (and the caller may try again); the
 * next task starts another.
 */
export function helperProcess(program: string, idleMs = IDLE_MS, taskTimeoutMs = TASK_TIMEOUT_MS) {
	type Helper = { child: ChildProcess; waiting: Map<number, Waiting>; idle: NodeJS.Timeout | null };
	let current: Helper | null = null;
	let nextId = 1;

	const start = (): Helper => {
		const child = inBackground(fork(program, [], {
			env: { ...process.env, DATABASE_URL: getDatabasePath() },
			execArgv: ['--max-old-space-size=160', '--max-semi-space-size=8'],
			// Buffers pass as they are, not as JSON.
			serialization: 'advanced',
			stdio: 'inherit'
		}));
		// Each process answers only for the tasks it was given.
		const helper: Helper = { child, waiting: new Map(), idle: null };
		const failAll = (why: string) => {
			for (const task of helper.waiting.values()) task.reject(new Error(why));
			helper.waiting.clear();
			if (current === helper) current = null;
		};
		child.on('message', (answer: HelperAnswer) => {
			const task = helper.waiting.get(answer.id);
			if (!task) return;
			helper.waiting.delete(answer.id);
			if (answer.error !== undefined) task.reject(new Error(answer.error));
			else task.resolve(answer.value);
			if (helper.waiting.size === 0) helper.idle = setTimeout(() => child.connected && child.disconnect(), idleMs).unref();
		});
		child.on('error', (error) => {
			failAll(`the helper process failed: ${error.message}`);
			child.kill('SIGKILL');
		});
		child.on('exit', (code, signal) => failAll(`the helper process stopped (${signal ?? `exit ${code}`})`));
		return helper;
	};

	return {
		run<T>(task: string, input: unknown): Promise<T> {
			if (!current?.child.connected) current = start();
			const helper = current;
			if (helper.idle) clearTimeout(helper.idle);
			helper.idle = null;
			const id = nextId++;
			return new Promise<T>((resolve, reject) => {
				const timer = setTimeout(() => {
					reject(new Error(`the helper process took longer than ${taskTimeoutMs / 1000} s`));
					helper.waiting.delete(id);
					// The next task starts a new process; this one's other tasks fail as it ends.
					if (current === helper) current = null;
					helper.child.kill('SIGKILL');
				}, taskTimeoutMs).unref();
				const settle = <A extends unknown[]>(then: (...args: A) => void) => (...args: A) => {
					clearTimeout(timer);
					then(...args);
				};
				helper.waiting.set(id, { resolve: settle(resolve as (value: unknown) => void), reject: settle(reject) });
				helper.child.send({ id, task, input }, (error) => {
					if (!error) return;
					helper.waiting.delete(id);
					settle(reject)(error);
				});
			});
		},
		stop(): void {
			if (current?.child.connected) current.child.disconnect();
			current = null;
		}
	};
}

/**
 * The other side, in the helper's program: answer each task with `tasks[name](input)`; end when the
 * server does (or lets go of this process).
 */
export function serveTasks(tasks: Record<string, (input: never) => Promise<unknown>>): void {
	process.on('message', async ({ id, task, input }: { id: number; task: string; input: never }) => {
		let answer: HelperAnswer;
		try {
			const run = tasks[task];
			if (!run) throw new Error(`no task "${task}"`);
			answer = { id, value: await run(input) };
		} catch (error) {
			answer = { id, error: (error as Error).message };
		}
		if (process.connected) process.send!(answer);
	});
	process.on('disconnect', () => process.exit(0));
	// Ctrl-C reaches the whole group; the server lets go of this process when it stops.
	process.on('SIGINT', () => {});
}
