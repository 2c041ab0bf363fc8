CREATE TABLE `ledger_head` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`tree_size` integer NOT NULL,
	`root_hash` blob NOT NULL,
	`body` text NOT NULL,
	`signature` blob NOT NULL,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ledger_head_statement_idx` ON `ledger_head` (`statement_id`,`tree_size`);--> statement-breakpoint
CREATE TABLE `ledger_leaf` (
	`statement_id` integer NOT NULL,
	`position` integer NOT NULL,
	`receipt` text NOT NULL,
	`data` text NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`statement_id`, `position`),
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ledger_leaf_receipt_idx` ON `ledger_leaf` (`statement_id`,`receipt`);--> statement-breakpoint
CREATE TABLE `ledger_node` (
	`statement_id` integer NOT NULL,
	`level` integer NOT NULL,
	`position` integer NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`statement_id`, `level`, `position`),
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `endorsement` ADD `receipt` text;--> statement-breakpoint
-- Every existing endorsement and signature gets its random public receipt id (128 bits).
UPDATE `endorsement` SET `receipt` = lower(hex(randomblob(16)));--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_receipt_unique` ON `endorsement` (`receipt`);--> statement-breakpoint
ALTER TABLE `signature` ADD `receipt` text;--> statement-breakpoint
UPDATE `signature` SET `receipt` = lower(hex(randomblob(16)));--> statement-breakpoint
CREATE UNIQUE INDEX `signature_receipt_unique` ON `signature` (`receipt`);