-- MRR by plan (ChartMogul's plan filter). Each MRR change now names the plan its MRR counts under
-- and the plan it counted under before; triggers keep each member's MRR per plan and month and each
-- plan's monthly movements in the transaction of the change, like 0011_reports_triggers.sql does for
-- the whole business. A live subscription changing plans is "moved out" of the old plan's view and
-- "moved in" to the new one's; the unfiltered view still sees expansion or contraction.
CREATE TABLE `report_mrr_plan_member_months` (
	`member_id` integer NOT NULL,
	`currency` text NOT NULL,
	`plan_id` integer NOT NULL,
	`month` text NOT NULL,
	`seen_before` integer NOT NULL,
	`mrr_start` integer NOT NULL,
	`mrr_end` integer NOT NULL,
	`moved` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`member_id`, `currency`, `plan_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `report_mrr_plan_member_months_plan_idx` ON `report_mrr_plan_member_months` (`plan_id`,`month`);--> statement-breakpoint
CREATE TABLE `report_mrr_plan_months` (
	`plan_id` integer NOT NULL,
	`currency` text NOT NULL,
	`month` text NOT NULL,
	`new_mrr` integer DEFAULT 0 NOT NULL,
	`expansion_mrr` integer DEFAULT 0 NOT NULL,
	`contraction_mrr` integer DEFAULT 0 NOT NULL,
	`churn_mrr` integer DEFAULT 0 NOT NULL,
	`reactivation_mrr` integer DEFAULT 0 NOT NULL,
	`moved_in_mrr` integer DEFAULT 0 NOT NULL,
	`moved_out_mrr` integer DEFAULT 0 NOT NULL,
	`new_customers` integer DEFAULT 0 NOT NULL,
	`reactivated_customers` integer DEFAULT 0 NOT NULL,
	`churned_customers` integer DEFAULT 0 NOT NULL,
	`moved_in_customers` integer DEFAULT 0 NOT NULL,
	`moved_out_customers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`plan_id`, `currency`, `month`)
);
--> statement-breakpoint
ALTER TABLE `report_mrr_changes` ADD `plan_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `report_mrr_changes` ADD `prev_plan_id` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- A member's movements on one plan in one month. Plan moves are netted per month in `moved`; the
-- rest is the member's own change. So that no step goes below zero, MRR that moved in arrives first
-- (then grows, shrinks or churns) and MRR that moved out leaves last (after being new, growing…):
-- `a` is the MRR after the move in, `b` the MRR before the move out, and a..b is classified as for
-- the whole business. So mrr_start + new + expansion + reactivation − contraction − churn + moved in
-- − moved out = mrr_end, and the same for paying members.
CREATE VIEW `report_mrr_plan_movements` AS
SELECT member_id, currency, plan_id, month, seen_before, mrr_start, mrr_end, moved,
  CASE WHEN a <= 0 AND b > 0 AND seen_before = 0 THEN b ELSE 0 END AS new_mrr,
  CASE WHEN a > 0 AND b > a THEN b - a ELSE 0 END AS expansion_mrr,
  CASE WHEN a > 0 AND b > 0 AND b < a THEN a - b ELSE 0 END AS contraction_mrr,
  CASE WHEN a > 0 AND b <= 0 THEN a ELSE 0 END AS churn_mrr,
  CASE WHEN a <= 0 AND b > 0 AND seen_before <> 0 THEN b ELSE 0 END AS reactivation_mrr,
  max(moved, 0) AS moved_in_mrr,
  max(-moved, 0) AS moved_out_mrr,
  (a <= 0 AND b > 0 AND seen_before = 0) AS new_customers,
  (a <= 0 AND b > 0 AND seen_before <> 0) AS reactivated_customers,
  (a > 0 AND b <= 0) AS churned_customers,
  (mrr_start <= 0 AND a > 0) AS moved_in_customers,
  (b > 0 AND mrr_end <= 0) AS moved_out_customers
FROM (
  SELECT member_id, currency, plan_id, month, seen_before, mrr_start, mrr_end, moved,
    mrr_start + max(moved, 0) AS a, mrr_end + max(-moved, 0) AS b
  FROM report_mrr_plan_member_months
);
--> statement-breakpoint
CREATE TRIGGER `report_mrr_plan_member_months_ai` AFTER INSERT ON `report_mrr_plan_member_months` BEGIN
  INSERT INTO report_mrr_plan_months (plan_id, currency, month, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, moved_in_mrr, moved_out_mrr, new_customers, reactivated_customers, churned_customers, moved_in_customers, moved_out_customers)
  SELECT plan_id, currency, month, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, moved_in_mrr, moved_out_mrr, new_customers, reactivated_customers, churned_customers, moved_in_customers, moved_out_customers FROM report_mrr_plan_movements
  WHERE member_id = new.member_id AND currency = new.currency AND plan_id = new.plan_id AND month = new.month
  ON CONFLICT (plan_id, currency, month) DO UPDATE SET new_mrr = new_mrr + excluded.new_mrr, expansion_mrr = expansion_mrr + excluded.expansion_mrr, contraction_mrr = contraction_mrr + excluded.contraction_mrr, churn_mrr = churn_mrr + excluded.churn_mrr, reactivation_mrr = reactivation_mrr + excluded.reactivation_mrr, moved_in_mrr = moved_in_mrr + excluded.moved_in_mrr, moved_out_mrr = moved_out_mrr + excluded.moved_out_mrr, new_customers = new_customers + excluded.new_customers, reactivated_customers = reactivated_customers + excluded.reactivated_customers, churned_customers = churned_customers + excluded.churned_customers, moved_in_customers = moved_in_customers + excluded.moved_in_customers, moved_out_customers = moved_out_customers + excluded.moved_out_customers;
END;
--> statement-breakpoint
-- An update takes the row's old movements off (before) and adds its new ones (after).
CREATE TRIGGER `report_mrr_plan_member_months_bu` BEFORE UPDATE ON `report_mrr_plan_member_months` BEGIN
  INSERT INTO report_mrr_plan_months (plan_id, currency, month, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, moved_in_mrr, moved_out_mrr, new_customers, reactivated_customers, churned_customers, moved_in_customers, moved_out_customers)
  SELECT plan_id, currency, month, -new_mrr, -expansion_mrr, -contraction_mrr, -churn_mrr, -reactivation_mrr, -moved_in_mrr, -moved_out_mrr, -new_customers, -reactivated_customers, -churned_customers, -moved_in_customers, -moved_out_customers FROM report_mrr_plan_movements
  WHERE member_id = old.member_id AND currency = old.currency AND plan_id = old.plan_id AND month = old.month
  ON CONFLICT (plan_id, currency, month) DO UPDATE SET new_mrr = new_mrr + excluded.new_mrr, expansion_mrr = expansion_mrr + excluded.expansion_mrr, contraction_mrr = contraction_mrr + excluded.contraction_mrr, churn_mrr = churn_mrr + excluded.churn_mrr, reactivation_mrr = reactivation_mrr + excluded.reactivation_mrr, moved_in_mrr = moved_in_mrr + excluded.moved_in_mrr, moved_out_mrr = moved_out_mrr + excluded.moved_out_mrr, new_customers = new_customers + excluded.new_customers, reactivated_customers = reactivated_customers + excluded.reactivated_customers, churned_customers = churned_customers + excluded.churned_customers, moved_in_customers = moved_in_customers + excluded.moved_in_customers, moved_out_customers = moved_out_customers + excluded.moved_out_customers;
END;
--> statement-breakpoint
CREATE TRIGGER `report_mrr_plan_member_months_au` AFTER UPDATE ON `report_mrr_plan_member_months` BEGIN
  INSERT INTO report_mrr_plan_months (plan_id, currency, month, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, moved_in_mrr, moved_out_mrr, new_customers, reactivated_customers, churned_customers, moved_in_customers, moved_out_customers)
  SELECT plan_id, currency, month, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, moved_in_mrr, moved_out_mrr, new_customers, reactivated_customers, churned_customers, moved_in_customers, moved_out_customers FROM report_mrr_plan_movements
  WHERE member_id = new.member_id AND currency = new.currency AND plan_id = new.plan_id AND month = new.month
  ON CONFLICT (plan_id, currency, month) DO UPDATE SET new_mrr = new_mrr + excluded.new_mrr, expansion_mrr = expansion_mrr + excluded.expansion_mrr, contraction_mrr = contraction_mrr + excluded.contraction_mrr, churn_mrr = churn_mrr + excluded.churn_mrr, reactivation_mrr = reactivation_mrr + excluded.reactivation_mrr, moved_in_mrr = moved_in_mrr + excluded.moved_in_mrr, moved_out_mrr = moved_out_mrr + excluded.moved_out_mrr, new_customers = new_customers + excluded.new_customers, reactivated_customers = reactivated_customers + excluded.reactivated_customers, churned_customers = churned_customers + excluded.churned_customers, moved_in_customers = moved_in_customers + excluded.moved_in_customers, moved_out_customers = moved_out_customers + excluded.moved_out_customers;
END;
--> statement-breakpoint
-- Backfill of the changes kept so far. Every change first counts under its subscription's plan of
-- today: exact for subscriptions that never changed plan (no subscription.plan_changed event).
UPDATE `report_mrr_changes` SET `plan_id` = coalesce((SELECT s.plan_id FROM subscriptions s WHERE s.id = report_mrr_changes.subscription_id), 0);
--> statement-breakpoint
-- For those that did, the plan at the time is recovered from their invoices, which record plan ids
-- (the timeline records only plan names, which can repeat or be renamed): each change but the last
-- takes the plan of the last plan line of the subscription's last invoice issued on or before its day,
-- as the revenue report counts money. A move no invoice records (a downgrade now, whose difference
-- goes to the member's balance) is seen at the next invoice instead. The last change keeps today's
-- plan, so a plan's MRR now is exactly its live subscriptions'.
UPDATE `report_mrr_changes` SET `plan_id` = coalesce((
    SELECT l.plan_id FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
    WHERE i.subscription_id = report_mrr_changes.subscription_id AND i.issue_date IS NOT NULL
      AND i.issue_date <= report_mrr_changes.day AND l.plan_id IS NOT NULL
    ORDER BY i.issue_date DESC, i.id DESC, l.id DESC LIMIT 1), `plan_id`)
WHERE `subscription_id` IN (SELECT e.subscription_id FROM billing_events e WHERE e.type = 'subscription.plan_changed')
  AND `id` < (SELECT max(c.id) FROM report_mrr_changes c WHERE c.subscription_id = report_mrr_changes.subscription_id);
--> statement-breakpoint
UPDATE `report_mrr_changes` SET `prev_plan_id` = coalesce((
    SELECT c.plan_id FROM report_mrr_changes c
    WHERE c.subscription_id = report_mrr_changes.subscription_id AND c.id < report_mrr_changes.id
    ORDER BY c.id DESC LIMIT 1), `plan_id`);
--> statement-breakpoint
-- Each member's MRR per plan and month from those changes, as report_mrr_changes_plan_ai below adds
-- them up one by one (its triggers fill report_mrr_plan_months): a change within one plan counts its
-- delta there; a change of plan takes the MRR before it off the old plan and puts the MRR after it on
-- the new one, as a move when both are live.
INSERT INTO `report_mrr_plan_member_months` (member_id, currency, plan_id, month, seen_before, mrr_start, mrr_end, moved)
SELECT member_id, currency, plan_id, month,
  coalesce(max(mrr_start > 0 OR mrr_end > 0) OVER (PARTITION BY member_id, currency, plan_id ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
  mrr_start, mrr_end, moved
FROM (
  SELECT member_id, currency, plan_id, month, moved,
    sum(net) OVER (PARTITION BY member_id, currency, plan_id ORDER BY month ROWS UNBOUNDED PRECEDING) - net AS mrr_start,
    sum(net) OVER (PARTITION BY member_id, currency, plan_id ORDER BY month ROWS UNBOUNDED PRECEDING) AS mrr_end
  FROM (
    SELECT member_id, currency, plan_id, month, sum(amount) AS net, sum(moved) AS moved FROM (
      SELECT member_id, currency, month, prev_plan_id AS plan_id, delta - mrr AS amount,
        CASE WHEN mrr > 0 AND mrr - delta > 0 THEN delta - mrr ELSE 0 END AS moved
      FROM report_mrr_changes WHERE plan_id <> prev_plan_id
      UNION ALL
      SELECT member_id, currency, month, plan_id, CASE WHEN plan_id = prev_plan_id THEN delta ELSE mrr END,
        CASE WHEN plan_id <> prev_plan_id AND mrr > 0 AND mrr - delta > 0 THEN mrr ELSE 0 END
      FROM report_mrr_changes
    ) WHERE amount <> 0 GROUP BY member_id, currency, plan_id, month
  )
);
--> statement-breakpoint
CREATE TRIGGER `report_mrr_changes_plan_ai` AFTER INSERT ON `report_mrr_changes` BEGIN
  INSERT INTO report_mrr_plan_member_months (member_id, currency, plan_id, month, seen_before, mrr_start, mrr_end, moved)
  SELECT new.member_id, new.currency, x.plan_id, new.month,
    EXISTS (SELECT 1 FROM report_mrr_plan_member_months m WHERE m.member_id = new.member_id AND m.currency = new.currency AND m.plan_id = x.plan_id AND m.month < new.month AND (m.mrr_start > 0 OR m.mrr_end > 0)),
    x.s, x.s + x.amount, x.moved
  FROM (
    SELECT p.plan_id, p.amount, p.moved,
      coalesce((SELECT m.mrr_end FROM report_mrr_plan_member_months m WHERE m.member_id = new.member_id AND m.currency = new.currency AND m.plan_id = p.plan_id AND m.month < new.month ORDER BY m.month DESC LIMIT 1), 0) AS s
    FROM (
      SELECT new.prev_plan_id AS plan_id, new.delta - new.mrr AS amount,
        CASE WHEN new.mrr > 0 AND new.mrr - new.delta > 0 THEN new.delta - new.mrr ELSE 0 END AS moved
      WHERE new.plan_id <> new.prev_plan_id
      UNION ALL
      SELECT new.plan_id, CASE WHEN new.plan_id = new.prev_plan_id THEN new.delta ELSE new.mrr END,
        CASE WHEN new.plan_id <> new.prev_plan_id AND new.mrr > 0 AND new.mrr - new.delta > 0 THEN new.mrr ELSE 0 END
    ) p WHERE p.amount <> 0
  ) x
  WHERE true
  ON CONFLICT (member_id, currency, plan_id, month) DO UPDATE SET mrr_end = mrr_end + excluded.mrr_end - excluded.mrr_start, moved = moved + excluded.moved;
END;
--> statement-breakpoint
-- The subscription triggers of 0011, now naming the plans; a move between plans at the same MRR is
-- a change too (a zero delta for the business, a move for the two plans).
DROP TRIGGER `report_subscriptions_ai`;
--> statement-breakpoint
CREATE TRIGGER `report_subscriptions_ai` AFTER INSERT ON `subscriptions` BEGIN
  INSERT INTO report_mrr_changes (subscription_id, member_id, currency, day, month, mrr, delta, plan_id, prev_plan_id)
  SELECT v.id, v.member_id, v.currency, d.day, substr(d.day, 1, 7), v.mrr, v.mrr, new.plan_id, new.plan_id
  FROM report_subscription_mrr v, (SELECT date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes') AS day) d
  WHERE v.id = new.id AND v.mrr <> 0;
END;
--> statement-breakpoint
DROP TRIGGER `report_subscriptions_au`;
--> statement-breakpoint
CREATE TRIGGER `report_subscriptions_au` AFTER UPDATE OF status, price, plan_id, coupon_id, currency ON `subscriptions` BEGIN
  INSERT INTO report_mrr_changes (subscription_id, member_id, currency, day, month, mrr, delta, plan_id, prev_plan_id)
  SELECT v.id, v.member_id, v.currency, d.day, substr(d.day, 1, 7), v.mrr, v.mrr - coalesce(p.mrr, 0), new.plan_id, coalesce(p.plan_id, new.plan_id)
  FROM report_subscription_mrr v, (SELECT date(new.updated_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.updated_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes') AS day) d
    LEFT JOIN (SELECT c.mrr, c.plan_id FROM report_mrr_changes c WHERE c.subscription_id = new.id ORDER BY c.id DESC LIMIT 1) p ON true
  WHERE v.id = new.id AND (v.mrr <> coalesce(p.mrr, 0) OR (v.mrr <> 0 AND new.plan_id <> coalesce(p.plan_id, new.plan_id)));
END;
