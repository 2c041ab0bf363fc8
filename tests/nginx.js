// Real nginx in front of a test server, with deploy/nginx.conf as an operator installs it: only the
// names, ports and paths the file's header says to change are changed. Used by the nginx e2e story
// and by `npm run bench`. Needs nginx (Debian's `apt-get install nginx`) and openssl.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';

/** Where nginx is, or null. */
export function findNginx() {
	for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) if (existsSync(candidate)) return candidate;
	return null;
}

/**
 * nginx with the deployed site file, listening on 127.0.0.1 (`httpsPort` with TLS and HTTP/2,
 * `httpPort` redirecting), in front of the app on `appPort`, with a self-signed certificate for
 * localhost made here. Everything it writes stays in `dir`.
 * @param {{ dir: string; appPort: number; httpsPort: number; httpPort: number }} options
 */
export async function startNginx({ dir, appPort, httpsPort, httpPort }) {
	const nginx = findNginx();
	if (!nginx) throw new Error('nginx is not installed (apt-get install nginx)');
	const root = resolve(dir);
	rmSync(root, { recursive: true, force: true });
	mkdirSync(resolve(root, 'cache'), { recursive: true });
	const cert = resolve(root, 'cert.pem');
	const key = resolve(root, 'key.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert], {
		stdio: 'ignore'
	});
	const site = readFileSync('deploy/nginx.conf', 'utf8')
		.replaceAll('/etc/letsencrypt/live/sign.example.org/fullchain.pem', cert)
		.replaceAll('/etc/letsencrypt/live/sign.example.org/privkey.pem', key)
		.replaceAll('sign.example.org', 'localhost')
		.replaceAll('127.0.0.1:3000', `127.0.0.1:${appPort}`)
		.replaceAll('/var/cache/nginx/undersigned', resolve(root, 'cache'))
		.replace(/^\s*listen \[::\].*$/gm, '')
		.replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
		.replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
	if (site.includes('example.org') || site.includes('listen 443') || site.includes(':3000')) throw new Error('deploy/nginx.conf changed: tests/nginx.js no longer fits it');
	// What Debian's /etc/nginx/nginx.conf gives the site file, with every path in `dir`.
	const temp = (/** @type {string} */ name) => resolve(root, name);
	writeFileSync(
		resolve(root, 'nginx.conf'),
		[
			process.getuid?.() === 0 ? 'user root;' : '',
			'worker_processes auto;',
			`pid ${temp('nginx.pid')};`,
			`error_log ${temp('error.log')} warn;`,
			'events { worker_connections 1024; }',
			'http {',
			`  types { text/html html; text/css css; application/javascript js; image/png png; image/svg+xml svg; }`,
			'  default_type application/octet-stream;',
			`  access_log ${temp('access.log')};`,
			`  client_body_temp_path ${temp('body')}; proxy_temp_path ${temp('proxy')}; fastcgi_temp_path ${temp('fastcgi')}; uwsgi_temp_path ${temp('uwsgi')}; scgi_temp_path ${temp('scgi')};`,
			site,
			'}'
		].join('\n')
	);
	execFileSync(nginx, ['-t', '-p', root, '-c', resolve(root, 'nginx.conf')], { stdio: 'pipe' });
	const child = spawn(nginx, ['-p', root, '-c', resolve(root, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise((done) => child.once('exit', done));
	const listening = () =>
		new Promise((done) => {
			const socket = connect(httpsPort, '127.0.0.1', () => done(socket.end() && true)).once('error', () => done(false));
		});
	for (let i = 0; i < 100 && !(await listening()); i++) {
		if (child.exitCode !== null) throw new Error(`nginx stopped: ${stderr}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin: `https://localhost:${httpsPort}`,
		cert,
		async stop() {
			child.kill('SIGQUIT');
			await exited;
		}
	};
}
