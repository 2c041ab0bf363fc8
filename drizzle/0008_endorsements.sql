CREATE TABLE `endorsement` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`state` text DEFAULT 'pending_email' NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`type` text NOT NULL,
	`country` text NOT NULL,
	`city` text,
	`website` text,
	`website_domain` text,
	`logo_hash` text,
	`support` text,
	`contact_name` text NOT NULL,
	`contact_role` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_email_canonical` text NOT NULL,
	`contact_email_domain` text NOT NULL,
	`locale` text NOT NULL,
	`version_hash` text NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`ip_hmac` text,
	`confirm_token_hash` text,
	`confirm_expires_at` integer,
	`confirm_emails_sent` integer DEFAULT 0 NOT NULL,
	`link_salt` text NOT NULL,
	`withdraw_token_hash` text,
	`decision_reason` text,
	`decision_note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`verified_at` integer,
	`approved_at` integer,
	`decided_at` integer,
	`withdrawn_at` integer,
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`logo_hash`) REFERENCES `logo`(`hash`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_statement_contact_name_unique` ON `endorsement` (`statement_id`,`contact_email_canonical`,`name_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_confirm_token_unique` ON `endorsement` (`confirm_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_withdraw_token_unique` ON `endorsement` (`withdraw_token_hash`);--> statement-breakpoint
CREATE INDEX `endorsement_public_name_idx` ON `endorsement` (`statement_id`,`state`,`name_key`,`id`);--> statement-breakpoint
CREATE INDEX `endorsement_public_newest_idx` ON `endorsement` (`statement_id`,`state`,`approved_at`,`id`);--> statement-breakpoint
CREATE INDEX `endorsement_queue_idx` ON `endorsement` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `endorsement_pending_expiry_idx` ON `endorsement` (`state`,`confirm_expires_at`);--> statement-breakpoint
CREATE INDEX `endorsement_contact_domain_idx` ON `endorsement` (`contact_email_domain`);--> statement-breakpoint
CREATE TABLE `logo` (
	`hash` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`data` blob NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
