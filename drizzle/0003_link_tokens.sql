ALTER TABLE `signature` ADD `link_salt` text;--> statement-breakpoint
ALTER TABLE `signature` ADD `unsubscribe_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `signature_unsubscribe_token_unique` ON `signature` (`unsubscribe_token_hash`);