import { describe, expect, it } from 'vitest';
import { auditEvent, mailOutbox } from '$lib/server/db/schema';
import { erasePersonalData, requestDataAccess } from '$lib/server/privacy/data-requests';
import { enqueueMail } from '$lib/server/mail/outbox';
import { dropExpiredLinks, forgetOldRecipients } from '$lib/server/mail/retention';
import { applyBulkAction } from '$lib/server/signatures/moderation';
import { openTestDb } from './helpers/db';
import { ORIGIN, sign } from './helpers/signing';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 5, 12);

function queue(db: ReturnType<typeof openTestDb>, to: string, state: 'pending' | 'sent' | 'failed' | 'held', daysAgo: number) {
	enqueueMail(db, { to, template: 'confirm', locale: 'de', payload: { name: 'Ayla', confirmLink: 'https://x/c', withdrawLink: 'https://x/w' } }, new Date(NOW - daysAgo * DAY));
	db.$client.prepare("UPDATE mail_outbox SET state = ? WHERE id = (SELECT max(id) FROM mail_outbox)").run(state);
}

const rows = (db: ReturnType<typeof openTestDb>) =>
	db.select().from(mailOutbox).all().map((m) => ({ to: m.to, state: m.state, template: m.template, locale: m.locale, payload: m.payload }));

describe('the outbox keeps no more than promised', () => {
	it('erases address, name and contents of a message a week after it was sent, keeping what the dashboard counts', () => {
		const db = openTestDb();
		queue(db, 'old@example.org', 'sent', 8);
		queue(db, 'recent@example.org', 'sent', 6);
		queue(db, 'waiting@example.org', 'pending', 8);
		expect(forgetOldRecipients(db, NOW)).toBe(1);
		expect(rows(db)).toEqual([
			{ to: '', state: 'sent', template: 'confirm', locale: 'de', payload: {} },
			expect.objectContaining({ to: 'recent@example.org' }),
			expect.objectContaining({ to: 'waiting@example.org', state: 'pending' })
		]);
		expect(forgetOldRecipients(db, NOW)).toBe(0);
	});

	it('takes the links out of failed and held messages once their tokens expired', () => {
		const db = openTestDb();
		queue(db, 'failed@example.org', 'failed', 4);
		queue(db, 'held@example.org', 'held', 2);
		expect(dropExpiredLinks(db, NOW)).toBe(1);
		expect(rows(db).map((r) => r.payload)).toEqual([{ name: 'Ayla' }, { name: 'Ayla', confirmLink: 'https://x/c', withdrawLink: 'https://x/w' }]);
		expect(dropExpiredLinks(db, NOW)).toBe(0);
	});

	it('forgets every message to a person who erases their data, and sends none still waiting', async () => {
		const db = openTestDb();
		sign(db, { email: 'nigar@example.org' });
		queue(db, 'nigar@example.org', 'pending', 0);
		await requestDataAccess(db, 'nigar@example.org', 'en', ORIGIN);
		const token = db.select().from(mailOutbox).all().find((m) => m.template === 'data_request')!.payload.dataLink.split('/').pop()!;
		expect(erasePersonalData(db, token)).toBe(1);
		expect(rows(db).filter((r) => r.to === 'nigar@example.org')).toEqual([]);
		expect(rows(db).filter((r) => r.state === 'pending')).toEqual([]);
	});

	it("keeps only the domain of an address a moderator searched for in a bulk action's audit entry", async () => {
		const db = openTestDb();
		sign(db, { email: 'spammer@wave.example' });
		await applyBulkAction(db, { q: 'Spammer@Wave.example' }, 'hide', { actor: null });
		const entry = db.select().from(auditEvent).all().find((e) => e.action === 'bulk.hide')!;
		expect(JSON.stringify(entry.after)).not.toContain('spammer');
		expect((entry.after as { rule: { q: string } }).rule.q).toBe('…@wave.example');
	});
});
