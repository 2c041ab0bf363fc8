import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createSmtpSender, type SmtpSender } from '$lib/server/mail/smtp';

type Listener = { port: number; received: string[]; connections: number; mostAtOnce: number; encrypted: boolean[]; server: SMTPServer };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A real SMTP server on loopback that counts the connections it is given. */
async function listener(options: { password?: string; refuse?: string; messagesPerConnection?: number; tls?: 'starttls' | 'implicit' } = {}): Promise<Listener> {
	let open = 0;
	const state = { received: [] as string[], connections: 0, mostAtOnce: 0, encrypted: [] as boolean[] };
	const server = new SMTPServer({
		authOptional: !options.password,
		allowInsecureAuth: !options.tls,
		// Without a key of its own, smtp-server uses the self-signed one it ships with.
		secure: options.tls === 'implicit',
		disabledCommands: options.tls ? [] : ['STARTTLS'],
		logger: false,
		onConnect(session, callback) {
			state.connections++;
			state.mostAtOnce = Math.max(state.mostAtOnce, ++open);
			callback();
		},
		onClose() {
			open--;
		},
		onAuth(auth, session, callback) {
			if (auth.username === 'undersigned' && auth.password === options.password) return callback(null, { user: auth.username });
			callback(new Error('535 wrong password'));
		},
		onMailFrom(address, session, callback) {
			// session.transaction counts from 1 on each connection.
			if (options.messagesPerConnection && session.transaction > options.messagesPerConnection)
				return callback(Object.assign(new Error('421 too many messages on this connection'), { responseCode: 421 }));
			callback();
		},
		onRcptTo(address, session, callback) {
			if (address.address === options.refuse) return callback(Object.assign(new Error('550 no such mailbox'), { responseCode: 550 }));
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				state.encrypted.push(session.secure);
				state.received.push(`${session.envelope.rcptTo[0].address}: ${Buffer.concat(chunks).toString()}`);
				callback();
			});
		}
	});
	// A client that refuses the certificate ends the handshake: the listener's error, not the test's.
	server.on('error', () => {});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
	const address = server.server.address();
	return Object.assign(state, { port: typeof address === 'object' && address ? address.port : 0, server });
}

function sender(url: string): SmtpSender {
	const smtp = createSmtpSender(url, 5000);
	// Closed before the listener, which waits for open connections to end.
	cleanups.unshift(() => smtp.close());
	return smtp;
}

const message = (n: number) => Buffer.from(`Subject: ${n}\r\n\r\nMessage ${n}\r\n`);
const to = (n: number) => ({ from: 'no-reply@localhost', to: [`signer${n}@example.org`] });

describe('the SMTP connections', () => {
	it('sends a surge over a few connections kept open, never more at once than allowed', async () => {
		const server = await listener();
		const smtp = sender(`smtp://127.0.0.1:${server.port}?maxConnections=3`);
		await Promise.all(Array.from({ length: 120 }, (_, n) => smtp.send(to(n), message(n))));
		expect(server.received).toHaveLength(120);
		expect(new Set(server.received).size).toBe(120);
		expect(server.received).toContain('signer77@example.org: Subject: 77\r\n\r\nMessage 77\r\n');
		expect(server.mostAtOnce).toBeLessThanOrEqual(3);
		expect(server.connections).toBe(3);
	});

	it('opens a new connection after maxMessages, as providers that limit them expect', async () => {
		const server = await listener();
		const smtp = sender(`smtp://127.0.0.1:${server.port}?maxConnections=1&maxMessages=2`);
		for (let n = 0; n < 5; n++) await smtp.send(to(n), message(n));
		expect(server.received).toHaveLength(5);
		expect(server.connections).toBe(3);
	});

	it('fails only the message the server refuses, and the next one goes out', async () => {
		const server = await listener({ refuse: 'gone@example.org' });
		const smtp = sender(`smtp://127.0.0.1:${server.port}?maxConnections=1`);
		await smtp.send(to(1), message(1));
		await expect(smtp.send({ from: 'no-reply@localhost', to: ['gone@example.org'] }, message(2))).rejects.toThrow(/550/);
		await smtp.send(to(3), message(3));
		expect(server.received.map((m) => m.split(':')[0])).toEqual(['signer1@example.org', 'signer3@example.org']);
		// The session was reset and kept, not closed.
		expect(server.connections).toBe(1);
	});

	it('sends again on a new connection a message the server turned away at its first command (421), without failing it', async () => {
		const server = await listener({ messagesPerConnection: 2 });
		const smtp = sender(`smtp://127.0.0.1:${server.port}?maxConnections=1`);
		for (let n = 0; n < 5; n++) await smtp.send(to(n), message(n));
		expect(server.received).toHaveLength(5);
		expect(server.connections).toBe(3);
	});

	it('fails the messages waiting behind one that could not reach a silent server at once, not each after its own timeout', async () => {
		// A server that accepts connections and never greets.
		const sockets = new Set<Socket>();
		const silent = createServer((socket) => sockets.add(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		cleanups.push(
			() =>
				new Promise<void>((resolve) => {
					for (const socket of sockets) socket.destroy();
					silent.close(() => resolve());
				})
		);
		const { port } = silent.address() as AddressInfo;
		const smtp = sender(`smtp://127.0.0.1:${port}?maxConnections=1&greetingTimeout=300`);
		const started = Date.now();
		const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => smtp.send(to(n), message(n))));
		expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
		// One greeting timeout (300 ms), not ten in a row.
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('logs in with the user and password of SMTP_URL, and a wrong password fails the message', async () => {
		const server = await listener({ password: 's3cret' });
		await sender(`smtp://undersigned:s3cret@127.0.0.1:${server.port}`).send(to(1), message(1));
		expect(server.received).toHaveLength(1);
		await expect(sender(`smtp://undersigned:wrong@127.0.0.1:${server.port}`).send(to(2), message(2))).rejects.toThrow(/535/);
		expect(server.received).toHaveLength(1);
	});

	it('encrypts with STARTTLS before logging in, or from the start with smtps://', async () => {
		// The listener's certificate is self-signed: trusted here through SMTP_URL's tls.* options.
		const starttls = await listener({ password: 's3cret', tls: 'starttls' });
		await sender(`smtp://undersigned:s3cret@127.0.0.1:${starttls.port}?requireTLS=true&tls.rejectUnauthorized=false`).send(to(1), message(1));
		const implicit = await listener({ password: 's3cret', tls: 'implicit' });
		await sender(`smtps://undersigned:s3cret@127.0.0.1:${implicit.port}?tls.rejectUnauthorized=false`).send(to(2), message(2));
		expect([...starttls.encrypted, ...implicit.encrypted]).toEqual([true, true]);
		// A certificate nobody vouched for is refused, and nothing is sent.
		await expect(sender(`smtps://undersigned:s3cret@127.0.0.1:${implicit.port}`).send(to(3), message(3))).rejects.toThrow(/certificate/);
		expect(implicit.received).toHaveLength(1);
	});

	it('does not use again a connection the mail server closed while it was idle', async () => {
		const server = await listener();
		const smtp = sender(`smtp://127.0.0.1:${server.port}?maxConnections=1`);
		await smtp.send(to(1), message(1));
		for (const connection of (server.server as unknown as { connections: Set<{ close: () => void }> }).connections) connection.close();
		await new Promise((resolve) => setTimeout(resolve, 200));
		await smtp.send(to(2), message(2));
		expect(server.received).toHaveLength(2);
		expect(server.connections).toBe(2);
	});

	it('fails at once while the mail server is down', async () => {
		const server = await listener();
		const port = server.port;
		await new Promise<void>((resolve) => server.server.close(() => resolve()));
		const started = Date.now();
		await expect(sender(`smtp://127.0.0.1:${port}`).send(to(1), message(1))).rejects.toThrow(/ECONNREFUSED/);
		expect(Date.now() - started).toBeLessThan(3000);
	});
});
