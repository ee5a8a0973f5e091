CREATE TABLE `payment_links` (
	`id` integer PRIMARY KEY NOT NULL,
	`invoice_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`attempt_id` integer NOT NULL,
	`mode` text NOT NULL,
	`session_id` text NOT NULL,
	`url` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`expires_at` text NOT NULL,
	`payment_id` integer,
	`created_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_links_session_id_unique` ON `payment_links` (`session_id`);--> statement-breakpoint
CREATE INDEX `payment_links_status_idx` ON `payment_links` (`status`);--> statement-breakpoint
CREATE INDEX `payment_links_invoice_idx` ON `payment_links` (`invoice_id`);