// SIGTERM and SIGINT: stop taking connections, let open requests finish, then let the app finish the
// mail in flight and close its database (it says so with `undersigned:stopped`), at most 10 s.

/** @param {import('node:http').Server} server */
export function stopGracefully(server) {
	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	function stop(signal) {
		if (stopping) return;
		stopping = true;
		console.log(`${signal} received: finishing open requests, then stopping.`);
		server.close(() => {
			const done = () => process.exit(0);
			process.once('undersigned:stopped', done);
			setTimeout(done, 10_000).unref();
			/** @type {(event: string, reason: string) => boolean} */ (process.emit)('sveltekit:shutdown', signal);
		});
		server.closeIdleConnections();
		// Keep-alive clients must not hold the process forever.
		setTimeout(() => server.closeAllConnections(), 5000).unref();
	}
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}
