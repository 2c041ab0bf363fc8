CREATE TABLE `dossier` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`locales` text NOT NULL,
	`with_signatories` integer NOT NULL,
	`cutoff` integer NOT NULL,
	`head_id` integer NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`created_by_id` integer,
	`created_by_email` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	`pdf_sha256` text,
	`pdf_bytes` integer,
	`pages` integer,
	`csv_sha256` text,
	`json_sha256` text,
	`signatories` integer,
	`milliseconds` integer,
	`peak_rss_bytes` integer,
	`error` text,
	FOREIGN KEY (`statement_id`) REFERENCES `statement`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`head_id`) REFERENCES `ledger_head`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_id`) REFERENCES `admin_user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `dossier_statement_idx` ON `dossier` (`statement_id`,`id`);