CREATE TABLE `country_counter` (
	`statement_id` integer NOT NULL,
	`country` text NOT NULL,
	`signatures` integer DEFAULT 0 NOT NULL,
	`organizations` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`statement_id`, `country`),
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to` text NOT NULL,
	`template` text NOT NULL,
	`locale` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_error` text,
	`message_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `signature` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`public_name` text,
	`public_name_key` text,
	`email` text NOT NULL,
	`email_canonical` text NOT NULL,
	`email_domain` text NOT NULL,
	`country` text NOT NULL,
	`city` text,
	`affiliation` text,
	`display` text NOT NULL,
	`locale` text NOT NULL,
	`version_hash` text NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updates_opt_in` integer DEFAULT false NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`flagged` integer DEFAULT false NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`ip_hmac` text,
	`confirm_token_hash` text,
	`confirm_expires_at` integer,
	`confirm_emails_sent` integer DEFAULT 0 NOT NULL,
	`withdraw_token_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`confirmed_at` integer,
	`withdrawn_at` integer,
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signature_statement_email_unique` ON `signature` (`statement_id`,`email_canonical`);--> statement-breakpoint
CREATE UNIQUE INDEX `signature_confirm_token_unique` ON `signature` (`confirm_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `signature_withdraw_token_unique` ON `signature` (`withdraw_token_hash`);--> statement-breakpoint
CREATE INDEX `signature_public_idx` ON `signature` (`statement_id`,`state`,`hidden`,`confirmed_at`,`id`);--> statement-breakpoint
CREATE INDEX `signature_pending_expiry_idx` ON `signature` (`state`,`confirm_expires_at`);--> statement-breakpoint
CREATE INDEX `signature_name_key_idx` ON `signature` (`statement_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `statement_counter` (
	`statement_id` integer PRIMARY KEY NOT NULL,
	`signatures` integer DEFAULT 0 NOT NULL,
	`organizations` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE cascade
);
