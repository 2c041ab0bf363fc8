import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = ParsedMail & { envelopeTo: string[]; raw: string };

/** A real SMTP server on loopback that keeps what it receives, for tests. */
export async function startMailSink(port = 0): Promise<{
	port: number;
	received: ReceivedMail[];
	failNext: (count: number) => void;
	close: () => Promise<void>;
}> {
	const received: ReceivedMail[] = [];
	let failures = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', async () => {
				if (failures > 0) {
					failures--;
					return callback(Object.assign(new Error('451 try again later'), { responseCode: 451 }));
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				const parsed = await simpleParser(raw);
				received.push(Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw }));
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.server.address();
	return {
		port: typeof address === 'object' && address ? address.port : port,
		received,
		failNext: (count) => (failures = count),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
