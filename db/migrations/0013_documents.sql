CREATE TABLE `document_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`logo_data_url` text,
	`footer` text,
	`registration` text,
	`iban` text,
	`bic` text,
	`email_invoices` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL
);
