// Starts the production build for Playwright on a fresh database: `node tests/e2e/serve.js <name> <port>`.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const [name, port] = process.argv.slice(2);
const dir = resolve('tests/.artifacts/servers', name);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

// Keep what the server prints (the first-admin setup link, the development mailbox) for the tests.
const log = resolve(dir, 'server.log');
for (const level of /** @type {const} */ (['log', 'warn', 'error'])) {
	const original = console[level];
	console[level] = (...args) => {
		appendFileSync(log, args.map(String).join(' ') + '\n');
		original(...args);
	};
}

process.env.PORT = port;
process.env.HOST = '127.0.0.1';
process.env.ORIGIN = `http://localhost:${port}`;
process.env.DATABASE_URL = resolve(dir, 'undersigned.db');
await import('../../server.js');
