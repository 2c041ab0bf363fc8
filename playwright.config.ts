import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { MAIL_DIR, MAIL_PORT, SERVERS, originOf } from './tests/e2e/servers';

// Debian's Chromium where it is installed; Playwright's own browser download is never used here.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'tests/.artifacts/results',
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: process.env.CI ? 2 : undefined,
	reporter: process.env.CI ? [['list']] : [['list']],
	// A safety net, not a measure: a loaded or slow machine must not fail a test that is right
	// (a sign-in may also wait up to 30 s for a two-step code not yet used).
	timeout: 120_000,
	use: {
		...devices['Desktop Chrome'],
		baseURL: originOf(SERVERS.main),
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: [
		{
			command: `node tests/mail-sink.js ${MAIL_PORT} ${MAIL_DIR}`,
			port: MAIL_PORT,
			reuseExistingServer: false,
			timeout: 30_000
		},
		...Object.values(SERVERS).map((server) => ({
			command: `node tests/e2e/serve.js ${server.name} ${server.port}`,
			url: `${originOf(server)}/healthz`,
			reuseExistingServer: false,
			timeout: 30_000,
			stdout: 'pipe' as const,
			// Protections on, with thresholds a test can meet: a cheap proof-of-work, one second to fill the form.
			env: {
				ALTCHA_COST: '200',
				SIGN_MIN_FILL_SECONDS: '1',
				// Public pages are shared for a second (production: five), so that a test sees its own change soon.
				PAGE_CACHE_SECONDS: '1',
				// The ledger signs a head every two seconds when something was counted (production: ten minutes).
				LEDGER_HEAD_SECONDS: '2',
				// A share picture shows a new count after two seconds (production: a minute).
				SHARE_IMAGE_SECONDS: '2',
				...(server.name === 'main' ? { SMTP_URL: `smtp://127.0.0.1:${MAIL_PORT}` } : {})
			}
		}))
	]
});
