CREATE TABLE `message_job_cursors` (
	`job` text PRIMARY KEY NOT NULL,
	`through` text NOT NULL
);
