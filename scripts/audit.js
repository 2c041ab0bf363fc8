// npm run audit: how the public pages score for a phone on a slow network, and whether their HTML is
// valid. Builds the app, starts it on a fresh database in a scratch folder, runs Lighthouse (mobile
// preset: simulated slow 4G, 4x CPU slowdown) with Debian's Chromium and the Nu Html Checker on every
// public page in every language, prints a table, and exits non-zero when a page is below target.
// Not part of npm test: it takes a few minutes and two tools fetched from the npm registry on first
// use (Lighthouse, vnu-jar) into ~/.cache/undersigned-audit; the checker needs a Java runtime
// (Debian: apt-get install default-jre-headless).
//   npm run audit                 all pages, all languages
//   npm run audit -- --no-build   the build as it is
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCALES = Object.keys(JSON.parse(readFileSync(new URL('../src/lib/i18n/languages.json', import.meta.url), 'utf8')));
const SLUG = 'mine-contaminated-areas';
const PORT = 4390;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TOOLS = join(homedir(), '.cache', 'undersigned-audit');
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** The targets of issue #20: every category on the pages to be found; the sign page is a form kept out of search results (the statement page holds it too). */
const PAGES = [
	{ name: 'home', path: '', categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'statement', path: `/statements/${SLUG}`, categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'signatories', path: `/statements/${SLUG}/signatories`, categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'organizations', path: `/statements/${SLUG}/organizations`, categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'endorse', path: `/statements/${SLUG}/endorse`, categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'privacy', path: '/privacy', categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'imprint', path: '/imprint', categories: ['performance', 'accessibility', 'best-practices', 'seo'] },
	{ name: 'sign', path: `/statements/${SLUG}/sign`, categories: ['performance', 'accessibility', 'best-practices'] }
];
const MIN_SCORE = 0.95;
const MAX_FCP_MS = 1800;

const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', ...options });

/** A page's HTML. Tried twice: a kept-alive connection the server closed during a long Lighthouse run fails once. */
async function htmlOf(url) {
	try {
		return await (await fetch(url)).text();
	} catch {
		return await (await fetch(url)).text();
	}
}

function tools() {
	const lighthouse = join(TOOLS, 'node_modules', 'lighthouse', 'cli', 'index.js');
	const vnu = join(TOOLS, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
	if (!existsSync(lighthouse) || !existsSync(vnu)) {
		console.log(`[audit] fetching Lighthouse and the Nu Html Checker into ${TOOLS}`);
		run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', TOOLS, 'lighthouse@13', 'vnu-jar']);
	}
	try {
		execFileSync('java', ['-version'], { stdio: 'ignore' });
	} catch {
		throw new Error('the Nu Html Checker needs Java: apt-get install default-jre-headless');
	}
	if (!existsSync(CHROME)) throw new Error(`no Chromium at ${CHROME} (apt-get install chromium, or set CHROME_PATH)`);
	return { lighthouse, vnu };
}

async function startServer(dataDir) {
	const server = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN, DATABASE_URL: join(dataDir, 'undersigned.db'), BACKUP_DIR: 'off', PAGE_CACHE: 'on' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${ORIGIN}/healthz`)).ok) return server;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	server.kill();
	throw new Error('the server did not start');
}

function lighthouseOf(lighthouse, url, out) {
	execFileSync(
		process.execPath,
		[
			lighthouse,
			url,
			'--quiet',
			'--output=json',
			`--output-path=${out}`,
			'--only-categories=performance,accessibility,best-practices,seo',
			'--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run'
		],
		{ env: { ...process.env, CHROME_PATH: CHROME }, stdio: ['ignore', 'ignore', 'inherit'] }
	);
	const report = JSON.parse(readFileSync(out, 'utf8'));
	const score = (id) => report.categories[id]?.score ?? null;
	return {
		performance: score('performance'),
		accessibility: score('accessibility'),
		'best-practices': score('best-practices'),
		seo: score('seo'),
		fcp: report.audits['first-contentful-paint'].numericValue
	};
}

function nuErrors(vnu, files) {
	let output = '';
	try {
		execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files], { stdio: ['ignore', 'ignore', 'pipe'] });
	} catch (error) {
		output = error.stderr?.toString() ?? '';
	}
	const messages = output ? JSON.parse(output).messages : [];
	/** @type {Record<string, string[]>} */
	const byFile = {};
	for (const m of messages) (byFile[decodeURIComponent(new URL(m.url).pathname)] ??= []).push(`${m.lastLine}:${m.firstColumn ?? m.lastColumn} ${m.message}`);
	return byFile;
}

const scratch = mkdtempSync(join(tmpdir(), 'undersigned-audit-'));
let server;
try {
	const { lighthouse, vnu } = tools();
	if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
	server = await startServer(scratch);
	const rows = [];
	const htmlFiles = [];
	for (const lang of LOCALES) {
		for (const page of PAGES) {
			const url = `${ORIGIN}/${lang}${page.path}`;
			const html = join(scratch, `${lang}-${page.name}.html`);
			writeFileSync(html, await htmlOf(url));
			htmlFiles.push(html);
			const scores = lighthouseOf(lighthouse, url, join(scratch, `${lang}-${page.name}.json`));
			rows.push({ lang, page, scores, html });
			console.log(`[audit] ${lang} ${page.name}: ${JSON.stringify(scores)}`);
		}
	}
	const errors = nuErrors(vnu, htmlFiles);
	const pct = (v) => (v === null ? '  –' : String(Math.round(v * 100)).padStart(3));
	const lines = ['| page | lang | perf | a11y | best | seo | FCP (s) | Nu errors |', '|---|---|---:|---:|---:|---:|---:|---:|'];
	let failed = 0;
	for (const { lang, page, scores, html } of rows) {
		const nu = errors[html]?.length ?? 0;
		const low = page.categories.filter((c) => (scores[c] ?? 0) < MIN_SCORE);
		const bad = low.length > 0 || scores.fcp > MAX_FCP_MS || nu > 0;
		if (bad) failed += 1;
		lines.push(
			`| ${page.name} | ${lang} | ${pct(scores.performance)} | ${pct(scores.accessibility)} | ${pct(scores['best-practices'])} | ${pct(scores.seo)} | ${(scores.fcp / 1000).toFixed(1)} | ${nu}${bad ? ' ✗' : ''} |`
		);
		for (const message of errors[html] ?? []) console.log(`[nu] ${lang} ${page.name} ${message}`);
	}
	console.log(`\n${lines.join('\n')}\n`);
	console.log(failed ? `[audit] ${failed} page(s) below target (scores ≥ ${MIN_SCORE * 100}, FCP < ${MAX_FCP_MS / 1000} s, 0 Nu errors)` : '[audit] every page meets its targets');
	process.exitCode = failed ? 1 : 0;
} finally {
	server?.kill();
	rmSync(scratch, { recursive: true, force: true });
}
