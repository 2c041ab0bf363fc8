import { fork, type ChildProcess } from 'node:child_process';
import { getDatabasePath } from '../config';
import { inBackground } from '../processes/priority';
import type { MailWorker } from './worker';

const RESTART_AFTER_MS = 2000;
/** A graceful stop waits this long for the batch in flight, then ends the process. */
const STOP_WAIT_MS = 30_000;

/**
 * The mail worker in a child process running MAIL_PROGRAM (build/cli/mail.js), on its own
 * connection: one that dies is started again. wake() tells it that mail was queued.
 */
export function startMailProcess(program: string): MailWorker {
	let child: ChildProcess | null = null;
	let stopped = false;
	const start = () => {
		const started = inBackground(fork(program, [], {
			env: { ...process.env, DATABASE_URL: getDatabasePath() },
			execArgv: ['--max-old-space-size=128', '--max-semi-space-size=8'],
			stdio: 'inherit'
		}));
		started.on('exit', (code, signal) => {
			child = null;
			if (stopped) return;
			console.error(`[mail] the mail process stopped (${signal ?? `exit ${code}`}); starting it again`);
			setTimeout(() => stopped || start(), RESTART_AFTER_MS).unref();
		});
		child = started;
	};
	start();
	return {
		wake: () => {
			if (child?.connected) child.send('wake', () => {});
		},
		stop: async () => {
			stopped = true;
			const running = child;
			if (!running || running.exitCode !== null) return;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => running.kill('SIGKILL'), STOP_WAIT_MS);
				running.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				if (running.connected) running.send('stop', () => {});
				else running.kill('SIGTERM');
			});
		}
	};
}
