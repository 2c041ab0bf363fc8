import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

/** A connection nobody used for this long says QUIT: the mail server's own idle timeout is not waited for. */
const IDLE_MS = 10_000;
/** Connecting, and the server's greeting, each get this long (nodemailer's defaults: 2 min and 30 s). */
const CONNECT_MS = 10_000;
/** After a connection could not be opened, sends that need a new one fail at once for this long. */
const DOWN_MS = 5_000;
/** One message, all told, on a connection that answers too slowly to time out (well under CLAIM_MS). */
const SEND_DEADLINE_MS = 2 * 60 * 1000;
/** What nodemailer's pool read from SMTP_URL and this sender does not do. */
const NOT_SUPPORTED = ['rateLimit', 'rateDelta', 'proxy'];

type Connection = { smtp: SMTPConnection; sent: number; broken: boolean; idleTimer?: NodeJS.Timeout };
type SmtpError = Error & { code?: string; command?: string; responseCode?: number };

export type SmtpSender = {
	/** Hands one finished message to the mail server; rejects with the server's answer when it refuses. */
	send: (envelope: { from: string; to: string[] }, raw: Buffer) => Promise<void>;
	close: () => void;
};

/**
 * Connections to the mail server, each sending one message after another: nodemailer's SMTP
 * protocol (SMTPConnection), without its mailer and pool around it. There, a message that is
 * already put together went through a second composition and a pipeline of streams, and each
 * connection was closed after 100 messages; measured on a local listener (20,000 messages, six
 * languages), the mail process now spends ~15 % less CPU a message and sends ~1,300 a second
 * instead of ~950 (docs/performance.md, session 19).
 *
 * SMTP_URL is read the way nodemailer reads it (smtp:// or smtps://, user and password, tls.*,
 * authMethod, forceAuth, the timeouts). ?maxConnections= (10) and ?maxMessages= (1,000 a
 * connection, then a new one) are honoured. As nodemailer's pool did: a refused message leaves its
 * connection in use after RSET, and one that a kept connection could not even begin (the server
 * ended it, or answered 421 to MAIL FROM, as providers that limit messages a connection do) goes
 * once more on a new connection. Any other failure closes the connection; the message's own retry
 * comes from the outbox.
 */
export function createSmtpSender(smtpUrl: string, socketTimeout: number): SmtpSender {
	const { maxConnections, maxMessages, pool: _pool, authMethod, forceAuth, ...options } = parseConnectionUrl(smtpUrl) as SMTPConnection.Options & Record<string, unknown>;
	for (const key of NOT_SUPPORTED.filter((key) => key in options)) console.warn(`[mail] SMTP_URL's ?${key}= is not supported here and is ignored`);
	const most = Number(maxConnections) > 0 ? Number(maxConnections) : 10;
	const perConnection = Number(maxMessages) > 0 ? Number(maxMessages) : 1000;
	const idle: Connection[] = [];
	let closed = false;

	// At most `most` messages on their way; the others wait their turn here.
	let sending = 0;
	const turns: (() => void)[] = [];
	const takeTurn = () => (sending < most ? (sending++, Promise.resolve()) : new Promise<void>((resolve) => turns.push(resolve)));
	const passTurn = () => {
		const next = turns.shift();
		if (next) next();
		else sending--;
	};

	const open = () =>
		new Promise<Connection>((resolve, reject) => {
			const smtp = new SMTPConnection({ connectionTimeout: CONNECT_MS, greetingTimeout: CONNECT_MS, ...options, socketTimeout });
			const connection: Connection = { smtp, sent: 0, broken: false };
			let ready = false;
			const fail = (error: Error) => {
				connection.broken = true;
				if (ready) return; // a send in flight gets the same error in its callback
				ready = true;
				smtp.close();
				reject(error);
			};
			// Always listened to: an error nobody hears would end the process.
			smtp.on('error', fail);
			smtp.once('end', () => (connection.broken = true));
			smtp.connect((error) => {
				if (error) return fail(error);
				if (!options.auth || !(smtp.allowsAuth || forceAuth)) return (ready = true), resolve(connection);
				const credentials = { ...options.auth, ...(authMethod ? { method: String(authMethod) } : {}) } as SMTPConnection.AuthenticationCredentials;
				smtp.login(credentials, (loginError) => {
					if (loginError) return fail(loginError);
					ready = true;
					resolve(connection);
				});
			});
		});

	const end = (connection: Connection) => {
		clearTimeout(connection.idleTimer);
		if (connection.broken) connection.smtp.close();
		else connection.smtp.quit();
		connection.broken = true;
	};
	const rest = (connection: Connection) => {
		if (closed || connection.broken || connection.sent >= perConnection) return end(connection);
		connection.idleTimer = setTimeout(() => {
			if (idle.includes(connection)) idle.splice(idle.indexOf(connection), 1);
			end(connection);
		}, IDLE_MS).unref();
		idle.push(connection);
	};
	const reuse = () => {
		for (let connection = idle.pop(); connection; connection = idle.pop()) {
			clearTimeout(connection.idleTimer);
			if (!connection.broken) return connection;
		}
		return null;
	};

	// A server that cannot be reached fails the messages waiting behind the first try at once,
	// instead of each waiting for its own timeout.
	let down: { until: number; error: Error } | null = null;
	const fresh = async () => {
		if (down && Date.now() < down.until) throw down.error;
		try {
			const connection = await open();
			down = null;
			return connection;
		} catch (error) {
			down = { until: Date.now() + DOWN_MS, error: error as Error };
			throw error;
		}
	};

	const sendOn = (connection: Connection, envelope: { from: string; to: string[] }, raw: Buffer) =>
		new Promise<void>((resolve, reject) => {
			const deadline = setTimeout(() => {
				connection.broken = true;
				connection.smtp.close();
				reject(new Error(`the mail server took more than ${SEND_DEADLINE_MS / 1000} s over one message`));
			}, SEND_DEADLINE_MS);
			// A copy each time: nodemailer notes a refusal on the envelope it is given (mailError),
			// which would fail the same message on the next connection too.
			connection.smtp.send({ from: envelope.from, to: [...envelope.to] }, raw, (error) => {
				clearTimeout(deadline);
				if (error) reject(error);
				else resolve();
			});
		});

	// A message the server refused leaves the session usable after RSET, as nodemailer's pool
	// does; anything else ends the connection.
	const recover = async (connection: Connection, error: SmtpError) => {
		const refused = (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') && error.responseCode !== 421 && !connection.broken;
		if (!refused || !(await new Promise<boolean>((resolve) => connection.smtp.reset((resetError) => resolve(!resetError))))) connection.broken = true;
		rest(connection);
	};

	const attempt = async (connection: Connection, envelope: { from: string; to: string[] }, raw: Buffer) => {
		try {
			await sendOn(connection, envelope, raw);
		} catch (error) {
			await recover(connection, error as SmtpError);
			throw error;
		}
		connection.sent++;
		rest(connection);
	};

	return {
		send: async (envelope, raw) => {
			await takeTurn();
			try {
				const reused = reuse();
				if (reused) {
					try {
						return await attempt(reused, envelope, raw);
					} catch (error) {
						// A kept connection that the server ended, or turned away at its first command
						// (421: a provider's limit of messages a connection): nothing of the message went
						// out, so it goes once more on a new connection.
						const { command, responseCode } = error as SmtpError;
						if (command !== 'MAIL FROM' || (responseCode && responseCode !== 421)) throw error;
					}
				}
				await attempt(await fresh(), envelope, raw);
			} finally {
				passTurn();
			}
		},
		close: () => {
			closed = true;
			for (const connection of idle.splice(0)) end(connection);
		}
	};
}
