// A real SMTP server on loopback that keeps what it receives, for tests (Vitest imports it; the
// Playwright run starts it as a process with `node tests/mail-sink.js <port> <folder>`).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * @typedef {import('mailparser').ParsedMail & { envelopeTo: string[]; raw: string }} ReceivedMail
 * @param {number} [port]
 * @param {(mail: ReceivedMail) => void} [onMail]
 */
export async function startMailSink(port = 0, onMail = () => {}) {
	/** @type {ReceivedMail[]} */
	const received = [];
	let failures = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			/** @type {Buffer[]} */
			const chunks = [];
			stream.on('data', (chunk) => chunks.push(chunk));
			stream.on('end', async () => {
				if (failures > 0) {
					failures--;
					return callback(Object.assign(new Error('451 try again later'), { responseCode: 451 }));
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				const parsed = await simpleParser(raw);
				const mail = Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw });
				received.push(mail);
				onMail(mail);
				callback();
			});
		}
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
	const address = server.server.address();
	return {
		port: typeof address === 'object' && address ? address.port : port,
		received,
		/** @param {number} count */
		failNext: (count) => (failures = count),
		/** @returns {Promise<void>} */
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

// As a process: write every message as JSON into a folder the browser tests read.
if (process.argv[1]?.endsWith('mail-sink.js')) {
	const [port, folder] = process.argv.slice(2);
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	let n = 0;
	await startMailSink(Number(port), (mail) => {
		const file = join(folder, `${Date.now()}-${String(++n).padStart(6, '0')}.json`);
		const to = mail.envelopeTo;
		// Written aside and renamed, so that a reader never sees half a message.
		writeFileSync(`${file}.part`, JSON.stringify({ to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers: Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line])) }));
		renameSync(`${file}.part`, file);
	});
	console.log(`mail sink listening on 127.0.0.1:${port}, writing to ${folder}`);
}
