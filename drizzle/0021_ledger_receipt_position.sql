DROP INDEX `ledger_leaf_receipt_idx`;--> statement-breakpoint
CREATE INDEX `ledger_leaf_receipt_idx` ON `ledger_leaf` (`statement_id`,`receipt`,`position`);