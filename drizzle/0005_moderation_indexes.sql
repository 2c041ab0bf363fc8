CREATE INDEX `signature_email_domain_idx` ON `signature` (`email_domain`,`created_at`);--> statement-breakpoint
CREATE INDEX `signature_ip_hmac_idx` ON `signature` (`ip_hmac`);