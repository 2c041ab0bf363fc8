CREATE INDEX `mail_outbox_to_idx` ON `mail_outbox` (`to`);--> statement-breakpoint
CREATE INDEX `mail_outbox_addressed_idx` ON `mail_outbox` (`created_at`) WHERE "to" != '';--> statement-breakpoint
CREATE INDEX `mail_outbox_undelivered_idx` ON `mail_outbox` (`created_at`) WHERE state IN ('failed', 'held');