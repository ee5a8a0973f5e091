CREATE TABLE `balance_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`invoice_id` integer,
	`payment_id` integer,
	`credit_note_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `balance_entries_member_idx` ON `balance_entries` (`member_id`);--> statement-breakpoint
CREATE TABLE `billing_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`subscription_id` integer,
	`member_id` integer,
	`invoice_id` integer,
	`effective_date` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `billing_events_subscription_idx` ON `billing_events` (`subscription_id`,`id`);--> statement-breakpoint
CREATE INDEX `billing_events_member_idx` ON `billing_events` (`member_id`,`id`);--> statement-breakpoint
CREATE TABLE `coupon_redemptions` (
	`id` integer PRIMARY KEY NOT NULL,
	`coupon_id` integer NOT NULL,
	`subscription_id` integer,
	`member_id` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_redemptions_unique` ON `coupon_redemptions` (`coupon_id`,`subscription_id`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`percent_bps` integer,
	`amount_off` integer,
	`currency` text,
	`duration` text NOT NULL,
	`duration_cycles` integer,
	`max_redemptions` integer,
	`redemptions` integer DEFAULT 0 NOT NULL,
	`expires_on` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_code_unique` ON `coupons` (`code`);--> statement-breakpoint
CREATE TABLE `credit_notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`invoice_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`destination` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_number_unique` ON `credit_notes` (`number`);--> statement-breakpoint
CREATE INDEX `credit_notes_invoice_idx` ON `credit_notes` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`invoice_id` integer NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`period_start` text,
	`period_end` text,
	`quantity` integer NOT NULL,
	`unit_amount` integer NOT NULL,
	`amount` integer NOT NULL,
	`discount_amount` integer DEFAULT 0 NOT NULL,
	`tax_rate_id` integer,
	`tax_name` text,
	`tax_rate_bps` integer DEFAULT 0 NOT NULL,
	`tax_inclusive` integer DEFAULT false NOT NULL,
	`tax_amount` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`plan_id` integer,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY NOT NULL,
	`number` text,
	`member_id` integer NOT NULL,
	`subscription_id` integer,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`currency` text NOT NULL,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`discount_total` integer DEFAULT 0 NOT NULL,
	`tax_total` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`balance_applied` integer DEFAULT 0 NOT NULL,
	`amount_paid` integer DEFAULT 0 NOT NULL,
	`amount_refunded` integer DEFAULT 0 NOT NULL,
	`amount_credited` integer DEFAULT 0 NOT NULL,
	`issue_date` text,
	`due_date` text,
	`period_start` text,
	`period_end` text,
	`member_snapshot` text,
	`business_snapshot` text,
	`memo` text,
	`billing_key` text,
	`created_at` text NOT NULL,
	`finalized_at` text,
	`paid_at` text,
	`voided_at` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_billing_key_unique` ON `invoices` (`billing_key`);--> statement-breakpoint
CREATE INDEX `invoices_member_idx` ON `invoices` (`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_status_due_idx` ON `invoices` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `invoices_subscription_idx` ON `invoices` (`subscription_id`,`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY NOT NULL,
	`invoice_id` integer,
	`member_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`method` text NOT NULL,
	`status` text NOT NULL,
	`reference` text,
	`idempotency_key` text NOT NULL,
	`gateway_id` text,
	`failure_code` text,
	`failure_message` text,
	`operator_id` integer,
	`created_at` text NOT NULL,
	`settled_at` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_idempotency_key_unique` ON `payments` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_member_idx` ON `payments` (`member_id`,`id`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`price` integer NOT NULL,
	`currency` text NOT NULL,
	`interval` text NOT NULL,
	`interval_count` integer NOT NULL,
	`trial_days` integer DEFAULT 0 NOT NULL,
	`setup_fee` integer DEFAULT 0 NOT NULL,
	`tax_rate_id` integer,
	`features` text DEFAULT '[]' NOT NULL,
	`usage` text DEFAULT '[]' NOT NULL,
	`minimum_term_cycles` integer DEFAULT 0 NOT NULL,
	`term_end` text DEFAULT 'renew' NOT NULL,
	`refund_policy` text DEFAULT 'none' NOT NULL,
	`refund_days` integer DEFAULT 0 NOT NULL,
	`pausable` integer DEFAULT true NOT NULL,
	`grace_days` integer DEFAULT 7 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tax_rate_id`) REFERENCES `tax_rates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`status` text NOT NULL,
	`collection` text NOT NULL,
	`price` integer NOT NULL,
	`currency` text NOT NULL,
	`start_date` text NOT NULL,
	`trial_end` text,
	`anchor_date` text NOT NULL,
	`anchor_day` integer NOT NULL,
	`anchor_index` integer DEFAULT 0 NOT NULL,
	`period_index` integer DEFAULT 0 NOT NULL,
	`current_period_start` text NOT NULL,
	`current_period_end` text NOT NULL,
	`billing_day` integer,
	`cycles_billed` integer DEFAULT 0 NOT NULL,
	`coupon_id` integer,
	`coupon_cycles_used` integer DEFAULT 0 NOT NULL,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`cancel_reason` text,
	`canceled_at` text,
	`ended_on` text,
	`pending_plan_id` integer,
	`paused_on` text,
	`resume_on` text,
	`pause_reason` text,
	`past_due_since` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pending_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriptions_member_idx` ON `subscriptions` (`member_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_due_idx` ON `subscriptions` (`status`,`current_period_end`);--> statement-breakpoint
CREATE INDEX `subscriptions_plan_idx` ON `subscriptions` (`plan_id`,`status`);--> statement-breakpoint
CREATE TABLE `tax_rates` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`rate_bps` integer NOT NULL,
	`inclusive` integer NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_records` (
	`id` integer PRIMARY KEY NOT NULL,
	`subscription_id` integer NOT NULL,
	`metric` text NOT NULL,
	`quantity` integer NOT NULL,
	`usage_date` text NOT NULL,
	`invoice_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `usage_subscription_idx` ON `usage_records` (`subscription_id`,`metric`,`usage_date`);--> statement-breakpoint
ALTER TABLE `business_settings` ADD `invoice_prefix` text DEFAULT 'INV-' NOT NULL;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `credit_note_prefix` text DEFAULT 'CN-' NOT NULL;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `invoice_due_days` integer DEFAULT 7 NOT NULL;