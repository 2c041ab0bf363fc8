ALTER TABLE `statement` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `statement` ADD `anonymised_at` integer;