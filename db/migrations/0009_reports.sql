CREATE TABLE `sales` (
	`id` integer PRIMARY KEY NOT NULL,
	`request_key` text NOT NULL,
	`member_id` integer NOT NULL,
	`subscription_id` integer NOT NULL,
	`invoice_id` integer,
	`status` text NOT NULL,
	`outcome` text,
	`expires_at` text NOT NULL,
	`operator_id` integer,
	`created_at` text NOT NULL,
	`completed_at` text,
	`ended_at` text,
	`end_reason` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_request_key_unique` ON `sales` (`request_key`);--> statement-breakpoint
CREATE INDEX `sales_open_idx` ON `sales` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `sales_invoice_idx` ON `sales` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `sales_member_idx` ON `sales` (`member_id`);--> statement-breakpoint
CREATE TABLE `report_days` (
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`currency` text NOT NULL,
	`plan_id` integer NOT NULL,
	`method` text NOT NULL,
	`operator_id` integer NOT NULL,
	`tax_rate_id` integer NOT NULL,
	`tax_bps` integer NOT NULL,
	`n` integer NOT NULL,
	`amount` integer NOT NULL,
	`tax` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_days_key` ON `report_days` (`day`,`kind`,`currency`,`plan_id`,`method`,`operator_id`,`tax_rate_id`,`tax_bps`);--> statement-breakpoint
CREATE TABLE `report_mrr_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`subscription_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`currency` text NOT NULL,
	`day` text NOT NULL,
	`month` text NOT NULL,
	`mrr` integer NOT NULL,
	`delta` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_mrr_changes_sub_idx` ON `report_mrr_changes` (`subscription_id`,`id`);--> statement-breakpoint
CREATE INDEX `report_mrr_changes_day_idx` ON `report_mrr_changes` (`day`);--> statement-breakpoint
CREATE TABLE `report_mrr_member_months` (
	`member_id` integer NOT NULL,
	`currency` text NOT NULL,
	`month` text NOT NULL,
	`first_month` text NOT NULL,
	`seen_before` integer NOT NULL,
	`mrr_start` integer NOT NULL,
	`mrr_end` integer NOT NULL,
	PRIMARY KEY(`member_id`, `currency`, `month`)
);
--> statement-breakpoint
CREATE INDEX `report_mrr_member_months_month_idx` ON `report_mrr_member_months` (`month`);--> statement-breakpoint
CREATE INDEX `report_mrr_member_months_cohort_idx` ON `report_mrr_member_months` (`first_month`,`month`);--> statement-breakpoint
CREATE TABLE `report_mrr_months` (
	`month` text NOT NULL,
	`currency` text NOT NULL,
	`new_mrr` integer DEFAULT 0 NOT NULL,
	`expansion_mrr` integer DEFAULT 0 NOT NULL,
	`contraction_mrr` integer DEFAULT 0 NOT NULL,
	`churn_mrr` integer DEFAULT 0 NOT NULL,
	`reactivation_mrr` integer DEFAULT 0 NOT NULL,
	`new_customers` integer DEFAULT 0 NOT NULL,
	`reactivated_customers` integer DEFAULT 0 NOT NULL,
	`churned_customers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `report_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_zone` (
	`from_utc` text PRIMARY KEY NOT NULL,
	`offset_minutes` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `business_settings` ADD `desk_pay_later` integer DEFAULT true NOT NULL;