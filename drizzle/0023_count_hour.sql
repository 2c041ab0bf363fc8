CREATE TABLE `count_hour` (
	`statement_id` integer NOT NULL,
	`kind` text NOT NULL,
	`hour` text NOT NULL,
	`delta` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`statement_id`, `kind`, `hour`),
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- What the ledger already holds, summed per hour (once, at this migration).
INSERT INTO `count_hour` (`statement_id`, `kind`, `hour`, `delta`)
SELECT `statement_id`, json_extract(`data`, '$.kind'), json_extract(`data`, '$.hour'), sum(json_extract(`data`, '$.delta'))
FROM `ledger_leaf` GROUP BY 1, 2, 3;
--> statement-breakpoint
-- From now on every leaf moves its hour, in the transaction that appends it, whichever code does.
CREATE TRIGGER `count_hour_leaf_insert` AFTER INSERT ON `ledger_leaf` BEGIN
	INSERT INTO count_hour (statement_id, kind, hour, delta)
	VALUES (NEW.statement_id, json_extract(NEW.data, '$.kind'), json_extract(NEW.data, '$.hour'), json_extract(NEW.data, '$.delta'))
	ON CONFLICT (statement_id, kind, hour) DO UPDATE SET delta = delta + excluded.delta;
END;
