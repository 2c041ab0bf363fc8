DROP INDEX `signature_email_domain_idx`;--> statement-breakpoint
CREATE INDEX `signature_email_domain_id_idx` ON `signature` (`email_domain`,`id`);