-- Tag-filtered member lists page through their own index (DESIGN §9, measured by tests/bench):
-- member_tags carries a copy of its member's status and sort name, kept in step by triggers, so
-- rows written outside the core (imports, benchmarks, repairs) stay right too.
DROP INDEX `member_tags_tag_idx`;--> statement-breakpoint
ALTER TABLE `member_tags` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `member_tags` ADD `sort_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `member_tags` SET
  `status` = coalesce((SELECT `status` FROM `members` WHERE `members`.`id` = `member_tags`.`member_id`), `status`),
  `sort_name` = coalesce((SELECT `sort_name` FROM `members` WHERE `members`.`id` = `member_tags`.`member_id`), `sort_name`);
--> statement-breakpoint
CREATE INDEX `member_tags_list_idx` ON `member_tags` (`tag`,`status`,`sort_name`,`member_id`);--> statement-breakpoint
-- coalesce: a tag row for a member that does not exist must fail on its foreign key, not on NOT NULL.
CREATE TRIGGER `member_tags_copy_ai` AFTER INSERT ON `member_tags` BEGIN
  UPDATE `member_tags` SET
    `status` = coalesce((SELECT `status` FROM `members` WHERE `id` = new.`member_id`), `status`),
    `sort_name` = coalesce((SELECT `sort_name` FROM `members` WHERE `id` = new.`member_id`), `sort_name`)
  WHERE `rowid` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `members_tags_copy_au` AFTER UPDATE OF `status`, `sort_name` ON `members` BEGIN
  UPDATE `member_tags` SET `status` = new.`status`, `sort_name` = new.`sort_name` WHERE `member_id` = new.`id`;
END;
