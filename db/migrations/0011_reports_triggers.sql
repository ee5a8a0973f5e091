-- Report summaries (DESIGN §12), kept by triggers in the transaction of the rows they summarize,
-- whoever writes those rows (core, imports, the bench). electron/core/reports/summaries.ts rebuilds
-- report_days from scratch, and a test proves triggers and rebuild agree.
CREATE INDEX IF NOT EXISTS `report_payments_failed_idx` ON `payments` (`created_at`, `invoice_id`, `decline_code`, `failure_code`, `amount`, `failure_message`) WHERE `status` = 'failed';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_payments_settled_idx` ON `payments` (`settled_at`) WHERE `status` = 'succeeded';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_invoices_issue_idx` ON `invoices` (`issue_date`, `status`);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_invoices_open_idx` ON `invoices` (`member_id`, `currency`, `due_date`, `issue_date`, `total`, `balance_applied`, `amount_paid`, `amount_credited`, `subscription_id`) WHERE `status` = 'open';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_credit_notes_created_idx` ON `credit_notes` (`created_at`);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_mrr_cohort_cover_idx` ON `report_mrr_member_months` (`first_month`, `currency`, `month`, `mrr_start`, `mrr_end`);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_days_cover` ON `report_days` (`day`, `currency`, `kind`, `plan_id`, `method`, `operator_id`, `tax_rate_id`, `tax_bps`, `n`, `amount`, `tax`);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_refunds_created_idx` ON `refunds` (`created_at`);
--> statement-breakpoint
CREATE TABLE `report_months` (
  `month` text NOT NULL, `kind` text NOT NULL, `currency` text NOT NULL, `plan_id` integer NOT NULL,
  `method` text NOT NULL, `operator_id` integer NOT NULL, `tax_rate_id` integer NOT NULL, `tax_bps` integer NOT NULL,
  `n` integer NOT NULL, `amount` integer NOT NULL, `tax` integer NOT NULL,
  PRIMARY KEY (`month`, `currency`, `kind`, `plan_id`, `method`, `operator_id`, `tax_rate_id`, `tax_bps`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `report_days_ai` AFTER INSERT ON `report_days` BEGIN
  INSERT INTO report_months (month, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) VALUES (substr(new.day, 1, 7), new.kind, new.currency, new.plan_id, new.method, new.operator_id, new.tax_rate_id, new.tax_bps, new.n, new.amount, new.tax) ON CONFLICT (month, currency, kind, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_days_au` AFTER UPDATE ON `report_days` BEGIN
  INSERT INTO report_months (month, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) VALUES (substr(old.day, 1, 7), old.kind, old.currency, old.plan_id, old.method, old.operator_id, old.tax_rate_id, old.tax_bps, -old.n, -old.amount, -old.tax) ON CONFLICT (month, currency, kind, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
  INSERT INTO report_months (month, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) VALUES (substr(new.day, 1, 7), new.kind, new.currency, new.plan_id, new.method, new.operator_id, new.tax_rate_id, new.tax_bps, new.n, new.amount, new.tax) ON CONFLICT (month, currency, kind, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_days_ad` AFTER DELETE ON `report_days` BEGIN
  INSERT INTO report_months (month, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) VALUES (substr(old.day, 1, 7), old.kind, old.currency, old.plan_id, old.method, old.operator_id, old.tax_rate_id, old.tax_bps, -old.n, -old.amount, -old.tax) ON CONFLICT (month, currency, kind, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_payments_ai` AFTER INSERT ON `payments` WHEN new.status = 'succeeded' BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(coalesce(new.settled_at, new.created_at), coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= coalesce(new.settled_at, new.created_at) ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'collected', new.currency, coalesce((SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = new.invoice_id AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0), new.method, coalesce(new.operator_id, 0), 0, 0, 1, new.amount, 0 WHERE true ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_payments_au` AFTER UPDATE OF status, amount, currency, method, operator_id, settled_at, invoice_id ON `payments` WHEN old.status = 'succeeded' OR new.status = 'succeeded' BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(coalesce(old.settled_at, old.created_at), coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= coalesce(old.settled_at, old.created_at) ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'collected', old.currency, coalesce((SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = old.invoice_id AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0), old.method, coalesce(old.operator_id, 0), 0, 0, -1, -old.amount, 0 WHERE old.status = 'succeeded' ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(coalesce(new.settled_at, new.created_at), coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= coalesce(new.settled_at, new.created_at) ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'collected', new.currency, coalesce((SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = new.invoice_id AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0), new.method, coalesce(new.operator_id, 0), 0, 0, 1, new.amount, 0 WHERE new.status = 'succeeded' ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_refunds_ai` AFTER INSERT ON `refunds` WHEN new.status = 'succeeded' BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(coalesce(new.settled_at, new.created_at), coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= coalesce(new.settled_at, new.created_at) ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'refunded', new.currency, coalesce((SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = (SELECT p.invoice_id FROM payments p WHERE p.id = new.payment_id) AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0), new.method, coalesce(new.operator_id, 0), 0, 0, 1, new.amount, 0 WHERE true ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_refunds_au` AFTER UPDATE OF status, amount, currency, method, operator_id, settled_at, payment_id ON `refunds` WHEN old.status = 'succeeded' OR new.status = 'succeeded' BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(coalesce(old.settled_at, old.created_at), coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= coalesce(old.settled_at, old.created_at) ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'refunded', old.currency, coalesce((SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = (SELECT p.invoice_id FROM payments p WHERE p.id = old.payment_id) AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0), old.method, coalesce(old.operator_id, 0), 0, 0, -1, -old.amount, 0 WHERE old.status = 'succeeded' ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(coalesce(new.settled_at, new.created_at), coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= coalesce(new.settled_at, new.created_at) ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'refunded', new.currency, coalesce((SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = (SELECT p.invoice_id FROM payments p WHERE p.id = new.payment_id) AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0), new.method, coalesce(new.operator_id, 0), 0, 0, 1, new.amount, 0 WHERE new.status = 'succeeded' ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_invoices_ai` AFTER INSERT ON `invoices` WHEN new.status IN ('open', 'paid', 'uncollectible') AND new.issue_date IS NOT NULL BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT new.issue_date, 'invoiced', new.currency, coalesce(l.plan_id, 0), '', 0, coalesce(l.tax_rate_id, 0), l.tax_rate_bps, count(*), sum(l.total), sum(l.tax_amount) FROM invoice_lines l WHERE l.invoice_id = new.id GROUP BY coalesce(l.plan_id, 0), coalesce(l.tax_rate_id, 0), l.tax_rate_bps ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_invoices_au` AFTER UPDATE OF status, issue_date, currency ON `invoices` WHEN (old.status IN ('open', 'paid', 'uncollectible') AND old.issue_date IS NOT NULL) OR (new.status IN ('open', 'paid', 'uncollectible') AND new.issue_date IS NOT NULL) BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT old.issue_date, 'invoiced', old.currency, coalesce(l.plan_id, 0), '', 0, coalesce(l.tax_rate_id, 0), l.tax_rate_bps, -count(*), -sum(l.total), -sum(l.tax_amount) FROM invoice_lines l WHERE l.invoice_id = old.id GROUP BY coalesce(l.plan_id, 0), coalesce(l.tax_rate_id, 0), l.tax_rate_bps HAVING old.status IN ('open', 'paid', 'uncollectible') AND old.issue_date IS NOT NULL ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT new.issue_date, 'invoiced', new.currency, coalesce(l.plan_id, 0), '', 0, coalesce(l.tax_rate_id, 0), l.tax_rate_bps, count(*), sum(l.total), sum(l.tax_amount) FROM invoice_lines l WHERE l.invoice_id = new.id GROUP BY coalesce(l.plan_id, 0), coalesce(l.tax_rate_id, 0), l.tax_rate_bps HAVING new.status IN ('open', 'paid', 'uncollectible') AND new.issue_date IS NOT NULL ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_invoice_lines_ai` AFTER INSERT ON `invoice_lines` BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT i.issue_date, 'invoiced', i.currency, coalesce(new.plan_id, 0), '', 0, coalesce(new.tax_rate_id, 0), new.tax_rate_bps, 1, new.total, new.tax_amount FROM invoices i WHERE i.id = new.invoice_id AND i.status IN ('open', 'paid', 'uncollectible') AND i.issue_date IS NOT NULL ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TRIGGER `report_credit_notes_ai` AFTER INSERT ON `credit_notes` BEGIN
  INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax) SELECT date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), 'credited', new.currency, coalesce(l.plan_id, 0), '', 0, coalesce(l.tax_rate_id, 0), l.tax_rate_bps, 1, CASE WHEN i.total = 0 THEN 0 ELSE (2 * new.amount * sum(l.total) + i.total) / (2 * i.total) END, CASE WHEN i.total = 0 THEN 0 ELSE (2 * new.amount * sum(l.tax_amount) + i.total) / (2 * i.total) END FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.invoice_id = new.invoice_id AND i.total > 0 GROUP BY coalesce(l.plan_id, 0), coalesce(l.tax_rate_id, 0), l.tax_rate_bps ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax;
END;
--> statement-breakpoint
CREATE TABLE `report_failed_days` (
  `day` text NOT NULL, `currency` text NOT NULL, `code` text NOT NULL,
  `attempts` integer NOT NULL, `amount` integer NOT NULL, `reason` text,
  PRIMARY KEY (`day`, `currency`, `code`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `report_failed_invoices` (
  `invoice_id` integer PRIMARY KEY NOT NULL, `first_day` text NOT NULL, `currency` text NOT NULL,
  `status` text NOT NULL, `amount_paid` integer NOT NULL, `due` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_failed_invoices_day_idx` ON `report_failed_invoices` (`first_day`, `currency`, `status`, `amount_paid`, `due`);
--> statement-breakpoint
CREATE INDEX `report_failed_invoices_status_idx` ON `report_failed_invoices` (`status`, `currency`, `due`);
--> statement-breakpoint
CREATE TRIGGER `report_failed_ai` AFTER INSERT ON `payments` WHEN new.status = 'failed' BEGIN
  INSERT INTO report_failed_days (day, currency, code, attempts, amount, reason)
  VALUES (date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), new.currency, coalesce(new.decline_code, new.failure_code, 'unknown'), 1, new.amount, new.failure_message)
  ON CONFLICT (day, currency, code) DO UPDATE SET attempts = attempts + 1, amount = amount + excluded.amount, reason = coalesce(excluded.reason, reason);
  INSERT OR IGNORE INTO report_failed_invoices (invoice_id, first_day, currency, status, amount_paid, due)
  SELECT i.id, date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), i.currency, i.status, i.amount_paid, max(0, i.total - i.balance_applied - i.amount_paid - i.amount_credited) FROM invoices i WHERE i.id = new.invoice_id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_failed_au` AFTER UPDATE OF status ON `payments` WHEN new.status = 'failed' AND old.status <> 'failed' BEGIN
  INSERT INTO report_failed_days (day, currency, code, attempts, amount, reason)
  VALUES (date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), new.currency, coalesce(new.decline_code, new.failure_code, 'unknown'), 1, new.amount, new.failure_message)
  ON CONFLICT (day, currency, code) DO UPDATE SET attempts = attempts + 1, amount = amount + excluded.amount, reason = coalesce(excluded.reason, reason);
  INSERT OR IGNORE INTO report_failed_invoices (invoice_id, first_day, currency, status, amount_paid, due)
  SELECT i.id, date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes'), i.currency, i.status, i.amount_paid, max(0, i.total - i.balance_applied - i.amount_paid - i.amount_credited) FROM invoices i WHERE i.id = new.invoice_id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_failed_invoices_au` AFTER UPDATE OF status, amount_paid, amount_credited, balance_applied ON `invoices` BEGIN
  UPDATE report_failed_invoices SET status = new.status, amount_paid = new.amount_paid, due = max(0, new.total - new.balance_applied - new.amount_paid - new.amount_credited) WHERE invoice_id = new.id;
END;
--> statement-breakpoint
CREATE VIEW `report_subscription_mrr` AS
SELECT id, member_id, currency,
  CASE WHEN status IN ('active', 'past_due') AND net > 0 THEN (2 * net * num + den) / (2 * den) ELSE 0 END AS mrr
FROM (
  SELECT id, member_id, currency, status, num, den,
    CASE WHEN inclusive THEN (2 * disc * 10000 + 10000 + bps) / (2 * (10000 + bps)) ELSE disc END AS net
  FROM (
    SELECT s.id, s.member_id, s.currency, s.status,
      CASE p.interval WHEN 'day' THEN 365 WHEN 'week' THEN 52 ELSE 1 END AS num,
      CASE p.interval WHEN 'month' THEN p.interval_count ELSE 12 * p.interval_count END AS den,
      max(0, s.price - CASE
        WHEN c.id IS NULL THEN 0
        WHEN c.kind = 'percent' THEN (2 * s.price * coalesce(c.percent_bps, 0) + 10000) / 20000
        ELSE min(coalesce(c.amount_off, 0), s.price) END) AS disc,
      coalesce(t.inclusive, 0) AS inclusive, coalesce(t.rate_bps, 0) AS bps
    FROM subscriptions s
    JOIN plans p ON p.id = s.plan_id
    LEFT JOIN coupons c ON c.id = s.coupon_id AND c.duration = 'forever'
    LEFT JOIN tax_rates t ON t.id = coalesce(p.tax_rate_id,
      (SELECT d.id FROM tax_rates d WHERE d.is_default = 1 AND d.status = 'active' ORDER BY d.id LIMIT 1))
  )
);
--> statement-breakpoint
CREATE TRIGGER `report_subscriptions_ai` AFTER INSERT ON `subscriptions` BEGIN
  INSERT INTO report_mrr_changes (subscription_id, member_id, currency, day, month, mrr, delta)
  SELECT v.id, v.member_id, v.currency, d.day, substr(d.day, 1, 7), v.mrr, v.mrr
  FROM report_subscription_mrr v, (SELECT date(new.created_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.created_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes') AS day) d
  WHERE v.id = new.id AND v.mrr <> 0;
END;
--> statement-breakpoint
CREATE TRIGGER `report_subscriptions_au` AFTER UPDATE OF status, price, plan_id, coupon_id, currency ON `subscriptions` BEGIN
  INSERT INTO report_mrr_changes (subscription_id, member_id, currency, day, month, mrr, delta)
  SELECT v.id, v.member_id, v.currency, d.day, substr(d.day, 1, 7), v.mrr, v.mrr - p.mrr
  FROM report_subscription_mrr v, (SELECT date(new.updated_at, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= new.updated_at ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes') AS day) d, (SELECT coalesce((SELECT c.mrr FROM report_mrr_changes c WHERE c.subscription_id = new.id ORDER BY c.id DESC LIMIT 1), 0) AS mrr) p
  WHERE v.id = new.id AND v.mrr <> p.mrr;
END;
--> statement-breakpoint
CREATE TRIGGER `report_mrr_changes_ai` AFTER INSERT ON `report_mrr_changes` BEGIN
  INSERT INTO report_mrr_member_months (member_id, currency, month, first_month, seen_before, mrr_start, mrr_end)
  SELECT new.member_id, new.currency, new.month,
    coalesce((SELECT min(m.month) FROM report_mrr_member_months m WHERE m.member_id = new.member_id AND m.currency = new.currency), new.month),
    EXISTS (SELECT 1 FROM report_mrr_member_months m WHERE m.member_id = new.member_id AND m.currency = new.currency AND m.month < new.month AND (m.mrr_start > 0 OR m.mrr_end > 0)),
    p.s, p.s + new.delta
  FROM (SELECT coalesce((SELECT m.mrr_end FROM report_mrr_member_months m WHERE m.member_id = new.member_id AND m.currency = new.currency AND m.month < new.month ORDER BY m.month DESC LIMIT 1), 0) AS s) p
  WHERE true
  ON CONFLICT (member_id, currency, month) DO UPDATE SET mrr_end = mrr_end + new.delta;
END;
--> statement-breakpoint
CREATE TRIGGER `report_mrr_member_months_ai` AFTER INSERT ON `report_mrr_member_months` BEGIN
  INSERT INTO report_mrr_months (month, currency, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, new_customers, reactivated_customers, churned_customers)
  VALUES (new.month, new.currency, CASE WHEN new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before = 0 THEN new.mrr_end ELSE 0 END, CASE WHEN new.mrr_start > 0 AND new.mrr_end > new.mrr_start THEN new.mrr_end - new.mrr_start ELSE 0 END, CASE WHEN new.mrr_start > 0 AND new.mrr_end > 0 AND new.mrr_end < new.mrr_start THEN new.mrr_start - new.mrr_end ELSE 0 END, CASE WHEN new.mrr_start > 0 AND new.mrr_end <= 0 THEN new.mrr_start ELSE 0 END, CASE WHEN new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before <> 0 THEN new.mrr_end ELSE 0 END, (new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before = 0), (new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before <> 0), (new.mrr_start > 0 AND new.mrr_end <= 0)) ON CONFLICT (month, currency) DO UPDATE SET new_mrr = new_mrr + excluded.new_mrr, expansion_mrr = expansion_mrr + excluded.expansion_mrr, contraction_mrr = contraction_mrr + excluded.contraction_mrr, churn_mrr = churn_mrr + excluded.churn_mrr, reactivation_mrr = reactivation_mrr + excluded.reactivation_mrr, new_customers = new_customers + excluded.new_customers, reactivated_customers = reactivated_customers + excluded.reactivated_customers, churned_customers = churned_customers + excluded.churned_customers;
END;
--> statement-breakpoint
CREATE TRIGGER `report_mrr_member_months_au` AFTER UPDATE ON `report_mrr_member_months` BEGIN
  INSERT INTO report_mrr_months (month, currency, new_mrr, expansion_mrr, contraction_mrr, churn_mrr, reactivation_mrr, new_customers, reactivated_customers, churned_customers)
  VALUES (new.month, new.currency, (CASE WHEN new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before = 0 THEN new.mrr_end ELSE 0 END) - (CASE WHEN old.mrr_start <= 0 AND old.mrr_end > 0 AND old.seen_before = 0 THEN old.mrr_end ELSE 0 END), (CASE WHEN new.mrr_start > 0 AND new.mrr_end > new.mrr_start THEN new.mrr_end - new.mrr_start ELSE 0 END) - (CASE WHEN old.mrr_start > 0 AND old.mrr_end > old.mrr_start THEN old.mrr_end - old.mrr_start ELSE 0 END), (CASE WHEN new.mrr_start > 0 AND new.mrr_end > 0 AND new.mrr_end < new.mrr_start THEN new.mrr_start - new.mrr_end ELSE 0 END) - (CASE WHEN old.mrr_start > 0 AND old.mrr_end > 0 AND old.mrr_end < old.mrr_start THEN old.mrr_start - old.mrr_end ELSE 0 END), (CASE WHEN new.mrr_start > 0 AND new.mrr_end <= 0 THEN new.mrr_start ELSE 0 END) - (CASE WHEN old.mrr_start > 0 AND old.mrr_end <= 0 THEN old.mrr_start ELSE 0 END), (CASE WHEN new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before <> 0 THEN new.mrr_end ELSE 0 END) - (CASE WHEN old.mrr_start <= 0 AND old.mrr_end > 0 AND old.seen_before <> 0 THEN old.mrr_end ELSE 0 END), ((new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before = 0)) - ((old.mrr_start <= 0 AND old.mrr_end > 0 AND old.seen_before = 0)), ((new.mrr_start <= 0 AND new.mrr_end > 0 AND new.seen_before <> 0)) - ((old.mrr_start <= 0 AND old.mrr_end > 0 AND old.seen_before <> 0)), ((new.mrr_start > 0 AND new.mrr_end <= 0)) - ((old.mrr_start > 0 AND old.mrr_end <= 0))) ON CONFLICT (month, currency) DO UPDATE SET new_mrr = new_mrr + excluded.new_mrr, expansion_mrr = expansion_mrr + excluded.expansion_mrr, contraction_mrr = contraction_mrr + excluded.contraction_mrr, churn_mrr = churn_mrr + excluded.churn_mrr, reactivation_mrr = reactivation_mrr + excluded.reactivation_mrr, new_customers = new_customers + excluded.new_customers, reactivated_customers = reactivated_customers + excluded.reactivated_customers, churned_customers = churned_customers + excluded.churned_customers;
END;
--> statement-breakpoint
INSERT INTO report_mrr_changes (subscription_id, member_id, currency, day, month, mrr, delta)
SELECT v.id, v.member_id, v.currency, s.start_date, substr(s.start_date, 1, 7), v.mrr, v.mrr
FROM report_subscription_mrr v JOIN subscriptions s ON s.id = v.id
WHERE v.mrr <> 0 ORDER BY s.start_date, s.id;
--> statement-breakpoint
INSERT INTO report_failed_days (day, currency, code, attempts, amount, reason)
SELECT substr(created_at, 1, 10), currency, coalesce(decline_code, failure_code, 'unknown'), count(*), sum(amount), max(failure_message)
FROM payments WHERE status = 'failed' GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT OR IGNORE INTO report_failed_invoices (invoice_id, first_day, currency, status, amount_paid, due)
SELECT i.id, min(substr(p.created_at, 1, 10)), i.currency, i.status, i.amount_paid, max(0, i.total - i.balance_applied - i.amount_paid - i.amount_credited)
FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.status = 'failed' GROUP BY i.id;
