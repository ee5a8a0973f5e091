CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`topic` text NOT NULL,
	`member_id` integer,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `business_settings` ADD `smtp_host` text;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `smtp_port` integer;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `smtp_secure` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `smtp_user` text;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `mail_from` text;