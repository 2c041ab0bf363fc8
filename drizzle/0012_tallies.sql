CREATE TABLE `tally` (
	`key` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
-- The dashboard's counts, kept by the database itself: every insert, change and deletion of a
-- signature or a queued email moves them in the same transaction, whichever code makes it.
CREATE TRIGGER `tally_signature_insert` AFTER INSERT ON `signature` BEGIN
	INSERT INTO tally (key, n) SELECT 'state:' || NEW.state, 1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'flagged:' || NEW.state, 1 WHERE NEW.flagged ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'confirmed:' || date(NEW.confirmed_at / 1000, 'unixepoch'), 1 WHERE NEW.state = 'confirmed' AND NEW.confirmed_at IS NOT NULL ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `tally_signature_update` AFTER UPDATE OF `state`, `flagged`, `confirmed_at` ON `signature`
WHEN OLD.state IS NOT NEW.state OR OLD.flagged IS NOT NEW.flagged OR OLD.confirmed_at IS NOT NEW.confirmed_at BEGIN
	INSERT INTO tally (key, n) SELECT 'state:' || OLD.state, -1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'flagged:' || OLD.state, -1 WHERE OLD.flagged ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'confirmed:' || date(OLD.confirmed_at / 1000, 'unixepoch'), -1 WHERE OLD.state = 'confirmed' AND OLD.confirmed_at IS NOT NULL ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'state:' || NEW.state, 1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'flagged:' || NEW.state, 1 WHERE NEW.flagged ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'confirmed:' || date(NEW.confirmed_at / 1000, 'unixepoch'), 1 WHERE NEW.state = 'confirmed' AND NEW.confirmed_at IS NOT NULL ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `tally_signature_delete` AFTER DELETE ON `signature` BEGIN
	INSERT INTO tally (key, n) SELECT 'state:' || OLD.state, -1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'flagged:' || OLD.state, -1 WHERE OLD.flagged ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'confirmed:' || date(OLD.confirmed_at / 1000, 'unixepoch'), -1 WHERE OLD.state = 'confirmed' AND OLD.confirmed_at IS NOT NULL ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `tally_outbox_insert` AFTER INSERT ON `mail_outbox` BEGIN
	INSERT INTO tally (key, n) SELECT 'outbox:' || NEW.state, 1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `tally_outbox_update` AFTER UPDATE OF `state` ON `mail_outbox` WHEN OLD.state IS NOT NEW.state BEGIN
	INSERT INTO tally (key, n) SELECT 'outbox:' || OLD.state, -1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
	INSERT INTO tally (key, n) SELECT 'outbox:' || NEW.state, 1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `tally_outbox_delete` AFTER DELETE ON `mail_outbox` BEGIN
	INSERT INTO tally (key, n) SELECT 'outbox:' || OLD.state, -1 WHERE true ON CONFLICT (key) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- What is already there.
INSERT INTO `tally` (`key`, `n`) SELECT 'state:' || `state`, count(*) FROM `signature` GROUP BY `state`;
--> statement-breakpoint
INSERT INTO `tally` (`key`, `n`) SELECT 'flagged:' || `state`, count(*) FROM `signature` WHERE `flagged` GROUP BY `state`;
--> statement-breakpoint
INSERT INTO `tally` (`key`, `n`) SELECT 'confirmed:' || date(`confirmed_at` / 1000, 'unixepoch'), count(*) FROM `signature` WHERE `state` = 'confirmed' AND `confirmed_at` IS NOT NULL GROUP BY 1;
--> statement-breakpoint
INSERT INTO `tally` (`key`, `n`) SELECT 'outbox:' || `state`, count(*) FROM `mail_outbox` GROUP BY `state`;
