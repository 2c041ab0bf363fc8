/**
 * Every fixed port the browser tests use is shifted by E2E_PORT_OFFSET (default 0), so that two
 * checkouts can run their suites side by side on one machine.
 */
export const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);

export function testPort(port: number): number {
	return port + PORT_OFFSET;
}

/** The servers Playwright starts (see playwright.config.ts), each on its own fresh database. */
export const SERVERS = {
	/** Everyone's server: read-only tests share it. */
	main: { name: 'main', port: testPort(4173) },
	/** A server whose database the fault tests are allowed to break. */
	faulty: { name: 'faulty', port: testPort(4174) }
} as const;

/** The SMTP listener the main server delivers to; each message lands as JSON in MAIL_DIR. */
export const MAIL_PORT = testPort(2525);
export const MAIL_DIR = 'tests/.artifacts/mail';

export function originOf(server: { port: number }): string {
	return `http://localhost:${server.port}`;
}

export function databaseOf(server: { name: string }): string {
	return `tests/.artifacts/servers/${server.name}/undersigned.db`;
}

export function serverLogOf(server: { name: string }): string {
	return `tests/.artifacts/servers/${server.name}/server.log`;
}

/** A form post to a test server at `base`, from the site's own `origin` (its origin check passes), redirects not followed. */
export function formPoster(base: string, origin: string) {
	return (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
		fetch(`${base}${path}`, {
			method: 'POST',
			headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
			body: new URLSearchParams(fields).toString(),
			redirect: 'manual'
		});
}
