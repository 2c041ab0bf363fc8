import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { auditEvent } from '$lib/server/db/schema';
import { exportConfirmedSignatures } from '$lib/server/exports';
import { confirmSignature } from '$lib/server/signatures';
import { createStaffUser } from '$lib/server/staff';
import { openTestDb } from './helpers/db';
import { lastToken, ORIGIN, sign } from './helpers/signing';

describe('the CSV export', () => {
	it('holds confirmed signatures only, in UTF-8 with a BOM, with formulas defused, and is audited', async () => {
		const db = openTestDb();
		const admin = await createStaffUser(db, { email: 'chair@eaz.example', name: 'Chair', role: 'admin' });
		sign(db, { name: 'Ayla Məmmədova', email: 'ayla@example.org', city: 'Bakı' });
		confirmSignature(db, lastToken(db, 'confirm'), ORIGIN);
		sign(db, { name: 'Pending Person', email: 'pending@example.org' });
		// A value that slipped past validation must still never run in a spreadsheet.
		db.$client.prepare("UPDATE signature SET affiliation = '=HYPERLINK(\"http://evil\")' WHERE email = 'ayla@example.org'").run();

		const bytes = new Uint8Array(await new Response(exportConfirmedSignatures(db, admin, null)).arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ name: 'Ayla Məmmədova', email: 'ayla@example.org', city: 'Bakı', statement: 'mine-contaminated-areas' });
		expect(rows[0].affiliation).toBe('\'=HYPERLINK("http://evil")');
		expect(db.select().from(auditEvent).all().map((e) => e.action)).toContain('export.signatures');
	});
});
