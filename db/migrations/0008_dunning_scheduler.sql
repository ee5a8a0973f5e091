CREATE TABLE `dunning_cases` (
	`id` integer PRIMARY KEY NOT NULL,
	`invoice_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`subscription_id` integer,
	`status` text NOT NULL,
	`started_on` text NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`next_retry_on` text,
	`retry_now` integer DEFAULT false NOT NULL,
	`hard_decline` integer DEFAULT false NOT NULL,
	`notified_attempts` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text,
	`last_reason` text,
	`ended_on` text,
	`outcome` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dunning_cases_invoice_id_unique` ON `dunning_cases` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `dunning_cases_status_idx` ON `dunning_cases` (`status`,`next_retry_on`);--> statement-breakpoint
CREATE INDEX `dunning_cases_member_idx` ON `dunning_cases` (`member_id`);--> statement-breakpoint
CREATE TABLE `dunning_policy` (
	`id` integer PRIMARY KEY NOT NULL,
	`retry_days` text NOT NULL,
	`when_exhausted` text DEFAULT 'unpaid' NOT NULL,
	`mark_uncollectible` integer DEFAULT false NOT NULL,
	`stripe_requests_per_second` integer,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scheduler_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`trigger` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`done` integer DEFAULT 0 NOT NULL,
	`jobs` text DEFAULT '[]' NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scheduler_runs_started_idx` ON `scheduler_runs` (`started_at`);