-- Search as you type over name, email, phone and member number (FTS5, DESIGN issue #2).
-- Phone is indexed as its digits and their last 10, 7 and 4, so '555-0123' and '0123' both find it.
-- The number as zero-padded and plain, so 'M-00042' and '42' both find it.
-- Contentless with delete support: the text lives in `members`; triggers keep the index in step,
-- also for rows written outside the core (imports, benchmarks, repairs).
CREATE VIRTUAL TABLE `members_fts` USING fts5(
  `name`, `email`, `phone`, `number`,
  content='', contentless_delete=1,
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `members_fts_ai` AFTER INSERT ON `members` BEGIN
  INSERT INTO `members_fts` (rowid, `name`, `email`, `phone`, `number`) VALUES (
    new.`id`,
    new.`first_name` || ' ' || new.`last_name`,
    coalesce(new.`email`, ''),
    replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -7) || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -4),
    printf('%05d', new.`number`) || ' ' || new.`number`
  );
END;
--> statement-breakpoint
CREATE TRIGGER `members_fts_ad` AFTER DELETE ON `members` BEGIN
  DELETE FROM `members_fts` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `members_fts_au` AFTER UPDATE OF `first_name`, `last_name`, `email`, `phone`, `number` ON `members` BEGIN
  DELETE FROM `members_fts` WHERE rowid = old.`id`;
  INSERT INTO `members_fts` (rowid, `name`, `email`, `phone`, `number`) VALUES (
    new.`id`,
    new.`first_name` || ' ' || new.`last_name`,
    coalesce(new.`email`, ''),
    replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -7) || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(new.`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -4),
    printf('%05d', new.`number`) || ' ' || new.`number`
  );
END;
--> statement-breakpoint
INSERT INTO `members_fts` (rowid, `name`, `email`, `phone`, `number`)
  SELECT `id`, `first_name` || ' ' || `last_name`, coalesce(`email`, ''), replace(replace(replace(replace(replace(replace(coalesce(`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -7) || ' ' || substr(replace(replace(replace(replace(replace(replace(coalesce(`phone`, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), -4), printf('%05d', `number`) || ' ' || `number`
  FROM `members`;
