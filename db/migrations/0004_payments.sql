CREATE TABLE `card_setups` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`gateway` text NOT NULL,
	`mode` text NOT NULL,
	`session_id` text NOT NULL,
	`url` text NOT NULL,
	`status` text NOT NULL,
	`make_default` integer DEFAULT true NOT NULL,
	`expires_at` text NOT NULL,
	`payment_method_id` integer,
	`failure_message` text,
	`created_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_method_id`) REFERENCES `payment_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `card_setups_session_id_unique` ON `card_setups` (`session_id`);--> statement-breakpoint
CREATE INDEX `card_setups_status_idx` ON `card_setups` (`status`);--> statement-breakpoint
CREATE TABLE `gateway_customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`gateway` text NOT NULL,
	`mode` text NOT NULL,
	`customer_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_customers_member_idx` ON `gateway_customers` (`member_id`,`gateway`,`mode`);--> statement-breakpoint
CREATE TABLE `gateway_issues` (
	`id` integer PRIMARY KEY NOT NULL,
	`gateway_event_id` text,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_issues_gateway_event_id_unique` ON `gateway_issues` (`gateway_event_id`);--> statement-breakpoint
CREATE INDEX `gateway_issues_open_idx` ON `gateway_issues` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `gateway_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payment_methods` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`gateway` text NOT NULL,
	`mode` text NOT NULL,
	`gateway_id` text NOT NULL,
	`brand` text NOT NULL,
	`last4` text NOT NULL,
	`exp_month` integer NOT NULL,
	`exp_year` integer NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_methods_gateway_id_unique` ON `payment_methods` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `payment_methods_member_idx` ON `payment_methods` (`member_id`,`status`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY NOT NULL,
	`payment_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`method` text NOT NULL,
	`status` text NOT NULL,
	`reference` text,
	`idempotency_key` text NOT NULL,
	`gateway_id` text,
	`failure_message` text,
	`credit_note_id` integer,
	`operator_id` integer,
	`created_at` text NOT NULL,
	`settled_at` text,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_note_id`) REFERENCES `credit_notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_idempotency_key_unique` ON `refunds` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `refunds_payment_idx` ON `refunds` (`payment_id`);--> statement-breakpoint
CREATE INDEX `refunds_status_idx` ON `refunds` (`status`);--> statement-breakpoint
ALTER TABLE `payments` ADD `attempt` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `payment_method_id` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `decline_code` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `amount_refunded` integer DEFAULT 0 NOT NULL;