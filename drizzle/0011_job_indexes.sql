CREATE INDEX `endorsement_ip_hmac_age_idx` ON `endorsement` (`created_at`) WHERE ip_hmac IS NOT NULL;--> statement-breakpoint
CREATE INDEX `endorsement_logo_idx` ON `endorsement` (`logo_hash`);--> statement-breakpoint
CREATE INDEX `signature_ip_hmac_age_idx` ON `signature` (`created_at`) WHERE ip_hmac IS NOT NULL;