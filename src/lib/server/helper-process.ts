import { fork, type ChildProcess } from 'node:child_process';
import { getDatabasePath } from './config';

/** A helper unused this long ends, giving its memory back; the next task starts it again. */
const IDLE_MS = 5 * 60 * 1000;

type Waiting = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** What a helper process answers to a task: its value, or why it failed. */
export type HelperAnswer = { id: number; value?: unknown; error?: string };

/**
 * A child process running `program` for heavy tasks (layout, typesetting) that would otherwise hold
 * up every request meanwhile: started when first needed, given tasks over IPC one message each,
 * ended when idle. If it dies, what it was doing fails (and the caller may try again); the next
 * task starts another.
 */
export function helperProcess(program: string, idleMs = IDLE_MS) {
	let child: ChildProcess | null = null;
	let idle: NodeJS.Timeout | null = null;
	let nextId = 1;
	const waiting = new Map<number, Waiting>();

	const start = () => {
		const started = fork(program, [], {
			env: { ...process.env, DATABASE_URL: getDatabasePath() },
			execArgv: ['--max-old-space-size=160', '--max-semi-space-size=8'],
			// Buffers pass as they are, not as JSON.
			serialization: 'advanced',
			stdio: 'inherit'
		});
		started.on('message', (answer: HelperAnswer) => {
			const task = waiting.get(answer.id);
			if (!task) return;
			waiting.delete(answer.id);
			if (answer.error !== undefined) task.reject(new Error(answer.error));
			else task.resolve(answer.value);
			if (waiting.size === 0) idle = setTimeout(() => started.connected && started.disconnect(), idleMs).unref();
		});
		started.on('exit', (code, signal) => {
			if (child === started) child = null;
			for (const task of waiting.values()) task.reject(new Error(`the helper process stopped (${signal ?? `exit ${code}`})`));
			waiting.clear();
		});
		return started;
	};

	return {
		run<T>(task: string, input: unknown): Promise<T> {
			if (idle) clearTimeout(idle);
			idle = null;
			if (!child?.connected) child = start();
			const id = nextId++;
			const running = child;
			return new Promise<T>((resolve, reject) => {
				waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
				running.send({ id, task, input });
			});
		},
		stop(): void {
			if (child?.connected) child.disconnect();
			child = null;
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
