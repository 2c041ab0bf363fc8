CREATE TABLE `statement_version_activation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`activated_at` integer NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `statement_version`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `statement_version_activation_version_idx` ON `statement_version_activation` (`version_id`,`activated_at`);--> statement-breakpoint
-- Before this table, only when each version was made was kept: that is its one known activation.
INSERT INTO `statement_version_activation` (`version_id`, `activated_at`) SELECT `id`, `created_at` FROM `statement_version`;
