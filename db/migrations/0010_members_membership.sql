ALTER TABLE `members` ADD `membership` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `membership_subscription_id` integer;--> statement-breakpoint
CREATE INDEX `members_membership_idx` ON `members` (`membership`,`status`,`sort_name`,`id`);--> statement-breakpoint
-- A member's membership (the list's badge and filter) is derived from their subscriptions: the one
-- that matters most, in this order: past due or unpaid (money owed), active, trialing, paused, and
-- ended (canceled or expired: "expired"); none without any. Sales still being paid (incomplete) do not
-- count. Triggers keep it in the writer's own transaction, whoever writes (core, imports, benchmarks).
UPDATE `members` SET `membership_subscription_id` = (SELECT s.`id` FROM `subscriptions` s WHERE s.`member_id` = `members`.`id` AND s.`status` NOT IN ('incomplete', 'incomplete_expired') ORDER BY CASE s.`status` WHEN 'past_due' THEN 1 WHEN 'unpaid' THEN 1 WHEN 'active' THEN 2 WHEN 'trialing' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END, s.`id` DESC LIMIT 1);--> statement-breakpoint
UPDATE `members` SET `membership` = coalesce((SELECT CASE s.`status` WHEN 'past_due' THEN 'past_due' WHEN 'unpaid' THEN 'past_due' WHEN 'active' THEN 'active' WHEN 'trialing' THEN 'trial' WHEN 'paused' THEN 'paused' ELSE 'expired' END FROM `subscriptions` s WHERE s.`id` = `members`.`membership_subscription_id`), 'none');--> statement-breakpoint
CREATE TRIGGER `subscriptions_membership_ai` AFTER INSERT ON `subscriptions` BEGIN
  UPDATE `members` SET `membership_subscription_id` = (SELECT s.`id` FROM `subscriptions` s WHERE s.`member_id` = new.`member_id` AND s.`status` NOT IN ('incomplete', 'incomplete_expired') ORDER BY CASE s.`status` WHEN 'past_due' THEN 1 WHEN 'unpaid' THEN 1 WHEN 'active' THEN 2 WHEN 'trialing' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END, s.`id` DESC LIMIT 1) WHERE `id` = new.`member_id`;
  UPDATE `members` SET `membership` = coalesce((SELECT CASE s.`status` WHEN 'past_due' THEN 'past_due' WHEN 'unpaid' THEN 'past_due' WHEN 'active' THEN 'active' WHEN 'trialing' THEN 'trial' WHEN 'paused' THEN 'paused' ELSE 'expired' END FROM `subscriptions` s WHERE s.`id` = `members`.`membership_subscription_id`), 'none') WHERE `id` = new.`member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `subscriptions_membership_au` AFTER UPDATE OF `status`, `member_id` ON `subscriptions`
WHEN old.`status` IS NOT new.`status` OR old.`member_id` IS NOT new.`member_id` BEGIN
  UPDATE `members` SET `membership_subscription_id` = (SELECT s.`id` FROM `subscriptions` s WHERE s.`member_id` = new.`member_id` AND s.`status` NOT IN ('incomplete', 'incomplete_expired') ORDER BY CASE s.`status` WHEN 'past_due' THEN 1 WHEN 'unpaid' THEN 1 WHEN 'active' THEN 2 WHEN 'trialing' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END, s.`id` DESC LIMIT 1) WHERE `id` = new.`member_id`;
  UPDATE `members` SET `membership` = coalesce((SELECT CASE s.`status` WHEN 'past_due' THEN 'past_due' WHEN 'unpaid' THEN 'past_due' WHEN 'active' THEN 'active' WHEN 'trialing' THEN 'trial' WHEN 'paused' THEN 'paused' ELSE 'expired' END FROM `subscriptions` s WHERE s.`id` = `members`.`membership_subscription_id`), 'none') WHERE `id` = new.`member_id`;
  UPDATE `members` SET `membership_subscription_id` = (SELECT s.`id` FROM `subscriptions` s WHERE s.`member_id` = old.`member_id` AND s.`status` NOT IN ('incomplete', 'incomplete_expired') ORDER BY CASE s.`status` WHEN 'past_due' THEN 1 WHEN 'unpaid' THEN 1 WHEN 'active' THEN 2 WHEN 'trialing' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END, s.`id` DESC LIMIT 1) WHERE `id` = old.`member_id`;
  UPDATE `members` SET `membership` = coalesce((SELECT CASE s.`status` WHEN 'past_due' THEN 'past_due' WHEN 'unpaid' THEN 'past_due' WHEN 'active' THEN 'active' WHEN 'trialing' THEN 'trial' WHEN 'paused' THEN 'paused' ELSE 'expired' END FROM `subscriptions` s WHERE s.`id` = `members`.`membership_subscription_id`), 'none') WHERE `id` = old.`member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `subscriptions_membership_ad` AFTER DELETE ON `subscriptions` BEGIN
  UPDATE `members` SET `membership_subscription_id` = (SELECT s.`id` FROM `subscriptions` s WHERE s.`member_id` = old.`member_id` AND s.`status` NOT IN ('incomplete', 'incomplete_expired') ORDER BY CASE s.`status` WHEN 'past_due' THEN 1 WHEN 'unpaid' THEN 1 WHEN 'active' THEN 2 WHEN 'trialing' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END, s.`id` DESC LIMIT 1) WHERE `id` = old.`member_id`;
  UPDATE `members` SET `membership` = coalesce((SELECT CASE s.`status` WHEN 'past_due' THEN 'past_due' WHEN 'unpaid' THEN 'past_due' WHEN 'active' THEN 'active' WHEN 'trialing' THEN 'trial' WHEN 'paused' THEN 'paused' ELSE 'expired' END FROM `subscriptions` s WHERE s.`id` = `members`.`membership_subscription_id`), 'none') WHERE `id` = old.`member_id`;
END;
