import { setPriority } from 'node:os';

/** How much lower background processes run than the server (nice 10 of 19). */
const BACKGROUND_NICENESS = 10;

/**
 * Let a child process doing background work (mail, pictures, exports, backups, dossiers) yield the
 * processor to the server's requests when both want it: a surge of signatures is answered first,
 * and the mail catches up as soon as there is room. Returns the child.
 */
export function inBackground<T extends { pid?: number }>(child: T): T {
	if (child.pid !== undefined) {
		try {
			setPriority(child.pid, BACKGROUND_NICENESS);
		} catch {
			// not allowed here (some containers): it runs at the server's priority
		}
	}
	return child;
}
