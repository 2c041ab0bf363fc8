import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { auditEvent, endorsement } from '$lib/server/db/schema';
import { reviewEndorsement } from '$lib/server/endorsements/review';
import { verifyEndorsement } from '$lib/server/endorsements/commands';
import { exportApprovedEndorsements, exportConfirmedSignatures } from '$lib/server/exports';
import { createStaffUser } from '$lib/server/staff/accounts';
import { makeTempDir, openTestDb } from './helpers/db';
import { endorse } from './helpers/endorsing';
import { confirmByLink, lastToken, ORIGIN, sign } from './helpers/signing';

describe('the CSV export', () => {
	it('holds confirmed signatures only, in UTF-8 with a BOM, with formulas defused, and is audited', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		sign(db, { name: 'Ayla Məmmədova', email: 'ayla@example.org', city: 'Bakı' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		sign(db, { name: 'Flagged Person', email: 'flagged@example.org' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		db.$client.prepare(`UPDATE signature SET flags = '["no_pow","rate_limited"]', hidden = 1 WHERE email = 'flagged@example.org'`).run();
		sign(db, { name: 'Pending Person', email: 'pending@example.org' });
		// A value that slipped past validation must still never run in a spreadsheet.
		db.$client.prepare("UPDATE signature SET affiliation = '=HYPERLINK(\"http://evil\")' WHERE email = 'ayla@example.org'").run();

		const bytes = new Uint8Array(await new Response(exportConfirmedSignatures(db, admin, null)).arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({ name: 'Ayla Məmmədova', email: 'ayla@example.org', city: 'Bakı', statement: 'mine-contaminated-areas', hidden: 'no', flags: '' });
		expect(rows[0].confirmed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(rows[1]).toMatchObject({ name: 'Flagged Person', hidden: 'yes', flags: 'no_pow rate_limited' });
		expect(rows[0].affiliation).toBe('\'=HYPERLINK("http://evil")');
		expect(db.select().from(auditEvent).all().map((e) => e.action)).toContain('export.signatures');
	});

	it('is the header alone when nothing is confirmed yet, and never ends in an empty line', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		// Read as bytes: Response#text() would drop the byte-order mark.
		const text = async () => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(exportConfirmedSignatures(db, admin, null)).arrayBuffer());
		const empty = await text();
		expect(empty).toMatch(/^\uFEFFid,statement,name,[a-z_,]+,flags\n$/);
		sign(db, { name: 'Only One', email: 'one@example.org' });
		confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
		const one = await text();
		expect(one.split('\n')).toHaveLength(3);
		expect(one.endsWith('\n') && !one.endsWith('\n\n')).toBe(true);
	});

	it('writes each signing time exactly as JavaScript would, to the millisecond', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		const times = [0, 999, 1_000, 1_793_165_314_999, 1_793_165_315_001, 4_102_444_799_999, ...Array.from({ length: 200 }, (_, i) => 1_700_000_000_000 + i * 7_919_993)];
		for (const [i, ms] of times.entries()) {
			sign(db, { name: `Signer ${i}`, email: `s${i}@example.org` });
			confirmByLink(db, lastToken(db, 'confirm'), ORIGIN);
			db.$client.prepare('UPDATE signature SET created_at = ?, confirmed_at = ? WHERE email = ?').run(ms, ms + 1, `s${i}@example.org`);
		}
		const rows = parse((await new Response(exportConfirmedSignatures(db, admin, null)).text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
		expect(rows.map((r) => [r.signed_at, r.confirmed_at])).toEqual(times.map((ms) => [new Date(ms).toISOString(), new Date(ms + 1).toISOString()]));
	});

	it('lists approved organizations with their contact persons, and nothing that is waiting or was rejected', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		const moderator = { actor: { id: admin.id, email: admin.email }, origin: ORIGIN };
		for (const [name, contactEmail] of [['Approved Org', 'a@approved.example'], ['Rejected Org', 'r@rejected.example'], ['Waiting Org', 'w@waiting.example']]) {
			endorse(db, { name, contactEmail });
			verifyEndorsement(db, lastToken(db, 'confirm'), ORIGIN);
		}
		const [approved, rejected] = db.select().from(endorsement).all();
		reviewEndorsement(db, approved.id, 'approve', moderator);
		reviewEndorsement(db, rejected.id, 'reject', { ...moderator, reason: 'duplicate' });
		// A value that slipped past validation must still never run in a spreadsheet.
		db.$client.prepare("UPDATE endorsement SET support = '=cmd|calc' WHERE id = ?").run(approved.id);

		const text = await new Response(exportApprovedEndorsements(db, admin, null, ORIGIN)).text();
		const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ organization: 'Approved Org', type: 'ngo', country: 'DE', contact_email: 'a@approved.example', contact_role: 'Press officer' });
		expect(rows[0].statement_of_support).toBe("'=cmd|calc");
		expect(db.select().from(auditEvent).all().map((e) => e.action)).toContain('export.endorsements');
	});
});

describe('the CSV export written by a child process (EXPORT_PROGRAM, as server.js sets it)', () => {
	const saved = process.env.EXPORT_PROGRAM;
	afterEach(() => {
		process.env.EXPORT_PROGRAM = saved;
		if (saved === undefined) delete process.env.EXPORT_PROGRAM;
	});

	/** A program standing in for build/cli/export.js. */
	function program(source: string): string {
		const file = join(makeTempDir(), 'export.mjs');
		writeFileSync(file, source);
		return file;
	}

	it('streams what the program writes, as fast as it is read', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		process.env.EXPORT_PROGRAM = program("for (let i = 0; i < 2000; i++) process.stdout.write(`row ${process.argv[2]} ${i}\\n`);");
		const text = await new Response(exportConfirmedSignatures(db, admin, null)).text();
		expect(text.split('\n')).toHaveLength(2001);
		expect(text).toContain('row signatures 1999');
	});

	it('ends the program when the staff member goes away, and keeps the server running', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		const pidFile = join(makeTempDir(), 'pid');
		process.env.EXPORT_PROGRAM = program(
			`import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); const line = 'x'.repeat(1000) + '\\n'; const go = () => { while (process.stdout.write(line)); process.stdout.once('drain', go); }; go();`
		);
		const reader = exportConfirmedSignatures(db, admin, null).getReader();
		expect((await reader.read()).value!.byteLength).toBeGreaterThan(0);
		await reader.cancel();
		const pid = Number(readFileSync(pidFile, 'utf8'));
		await expect.poll(() => {
			try {
				process.kill(pid, 0);
				return 'running';
			} catch {
				return 'ended';
			}
		}).toBe('ended');
		// Chunks still in the pipe after the cancel went nowhere, and threw nowhere.
		await new Promise((resolve) => setTimeout(resolve, 100));
	});

	it('fails the download, not the server, when the program fails', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		process.env.EXPORT_PROGRAM = program("process.stdout.write('half a line'); console.error('disk on fire'); process.exit(3);");
		const error = console.error;
		console.error = () => {};
		try {
			await expect(new Response(exportConfirmedSignatures(db, admin, null)).text()).rejects.toThrow();
		} finally {
			console.error = error;
		}
	});
});
