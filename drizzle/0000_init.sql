CREATE TABLE `statement` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`featured` integer DEFAULT false NOT NULL,
	`signature_goal` integer,
	`opens_at` integer,
	`closes_at` integer,
	`authoritative_locale` text NOT NULL,
	`signatory_name` text NOT NULL,
	`issued_on` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_slug_unique` ON `statement` (`slug`);--> statement-breakpoint
CREATE INDEX `statement_status_featured_idx` ON `statement` (`status`,`featured`);--> statement-breakpoint
CREATE TABLE `statement_version` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`addressee` text,
	`body` text NOT NULL,
	`closing` text NOT NULL,
	`issuer_name` text NOT NULL,
	`signatory_title` text NOT NULL,
	`issued_place` text NOT NULL,
	`content_hash` text NOT NULL,
	`official` integer NOT NULL,
	`superseded_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_version_hash_unique` ON `statement_version` (`statement_id`,`locale`,`content_hash`);--> statement-breakpoint
CREATE INDEX `statement_version_current_idx` ON `statement_version` (`statement_id`,`locale`,`superseded_at`);