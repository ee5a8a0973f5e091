CREATE TABLE `digest_seen` (
	`operator_id` integer PRIMARY KEY NOT NULL,
	`day` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `member_message_prefs` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`email` integer DEFAULT true NOT NULL,
	`sms` integer DEFAULT true NOT NULL,
	`refuse_reminders` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `message_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`quiet_from` text DEFAULT '21:00' NOT NULL,
	`quiet_until` text DEFAULT '08:00' NOT NULL,
	`renewal_reminder_days` integer DEFAULT 7 NOT NULL,
	`renewal_reminder_monthly` integer DEFAULT false NOT NULL,
	`trial_ending_days` integer DEFAULT 3 NOT NULL,
	`card_expiring_days` integer DEFAULT 30 NOT NULL,
	`membership_expiring_days` integer DEFAULT 7 NOT NULL,
	`come_back_days` integer DEFAULT 7 NOT NULL,
	`come_back_coupon` text,
	`digest_email` integer DEFAULT false NOT NULL,
	`digest_to` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `message_templates` (
	`topic` text NOT NULL,
	`channel` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`topic`, `channel`)
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `html` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `attachments` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `dedupe_key` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sending_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `provider_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_idx` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_member_idx` ON `outbox` (`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_topic_idx` ON `outbox` (`topic`,`id`);