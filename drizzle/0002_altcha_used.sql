CREATE TABLE `altcha_used` (
	`id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `altcha_used_expires_idx` ON `altcha_used` (`expires_at`);