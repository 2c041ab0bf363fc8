CREATE TABLE `data_request` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email_canonical` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
