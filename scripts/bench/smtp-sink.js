// An SMTP listener that accepts and forgets, so that the mail worker's rate is the app's, not the disk's.
// `node scripts/bench/smtp-sink.js <port>`
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2]);
const server = new SMTPServer({
	authOptional: true,
	disabledCommands: ['STARTTLS'],
	logger: false,
	onData(stream, _session, callback) {
		stream.on('data', () => {});
		stream.on('end', () => callback());
	}
});
server.listen(port, '127.0.0.1', () => console.log(`sink on ${port}`));
