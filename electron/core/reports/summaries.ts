import type Database from 'better-sqlite3';
import { dayOf } from './sql';

/**
 * The daily money summary recounted from the source rows, the same way the triggers of migration
 * `reports_triggers` add it up row by row. Used when the business zone changes, and by the test that
 * proves the triggers and a full recount agree.
 */
/**
 * The plan money in or out is counted under: the plan of the invoice's last plan line. A finalized
 * invoice never changes, so the figure stays where it was put even after the subscription moves to
 * another plan (the subscription's current plan would move last year's money with it).
 */
const planOfInvoice = (invoiceId: string) =>
  `(SELECT l.plan_id FROM invoice_lines l WHERE l.invoice_id = ${invoiceId} AND l.plan_id IS NOT NULL ORDER BY l.id DESC LIMIT 1)`;

export const RECOUNT_REPORT_DAYS = [
  `SELECT ${dayOf('coalesce(p.settled_at, p.created_at)')} AS day, 'collected' AS kind, p.currency,
     coalesce(${planOfInvoice('p.invoice_id')}, 0) AS plan_id, p.method, coalesce(p.operator_id, 0) AS operator_id,
     0 AS tax_rate_id, 0 AS tax_bps, count(*) AS n, sum(p.amount) AS amount, 0 AS tax
   FROM payments p
   WHERE p.status = 'succeeded' GROUP BY 1, 3, 4, 5, 6`,
  `SELECT ${dayOf('coalesce(r.settled_at, r.created_at)')} AS day, 'refunded' AS kind, r.currency,
     coalesce(${planOfInvoice('p.invoice_id')}, 0) AS plan_id, r.method, coalesce(r.operator_id, 0) AS operator_id,
     0 AS tax_rate_id, 0 AS tax_bps, count(*) AS n, sum(r.amount) AS amount, 0 AS tax
   FROM refunds r JOIN payments p ON p.id = r.payment_id
   WHERE r.status = 'succeeded' GROUP BY 1, 3, 4, 5, 6`,
  `SELECT i.issue_date AS day, 'invoiced' AS kind, i.currency, coalesce(l.plan_id, 0) AS plan_id, '' AS method,
     0 AS operator_id, coalesce(l.tax_rate_id, 0) AS tax_rate_id, l.tax_rate_bps AS tax_bps,
     count(*) AS n, sum(l.total) AS amount, sum(l.tax_amount) AS tax
   FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
   WHERE i.status IN ('open', 'paid', 'uncollectible') AND i.issue_date IS NOT NULL
   GROUP BY 1, 3, 4, 7, 8`,
  // Per credit note and line group first (that is where the triggers round), then per day.
  `SELECT day, 'credited' AS kind, currency, plan_id, '' AS method, 0 AS operator_id, tax_rate_id, tax_bps,
     count(*) AS n, sum(amount) AS amount, sum(tax) AS tax
   FROM (
     SELECT ${dayOf('c.created_at')} AS day, c.currency, coalesce(l.plan_id, 0) AS plan_id,
       coalesce(l.tax_rate_id, 0) AS tax_rate_id, l.tax_rate_bps AS tax_bps,
       (2 * c.amount * sum(l.total) + i.total) / (2 * i.total) AS amount,
       (2 * c.amount * sum(l.tax_amount) + i.total) / (2 * i.total) AS tax
     FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id JOIN invoice_lines l ON l.invoice_id = i.id
     WHERE i.total > 0
     GROUP BY c.id, coalesce(l.plan_id, 0), coalesce(l.tax_rate_id, 0), l.tax_rate_bps
   ) GROUP BY 1, 3, 4, 7, 8`,
];

/** Declines per day and code, and each invoice that had one, as the failed-payment triggers keep them. */
export const RECOUNT_FAILED_DAYS = `
  SELECT ${dayOf('created_at')} AS day, currency, coalesce(decline_code, failure_code, 'unknown') AS code,
    count(*) AS attempts, sum(amount) AS amount
  FROM payments WHERE status = 'failed' GROUP BY 1, 2, 3`;
export const RECOUNT_FAILED_INVOICES = `
  SELECT i.id AS invoice_id, min(${dayOf('p.created_at')}) AS first_day, i.currency, i.status, i.amount_paid,
    max(0, i.total - i.balance_applied - i.amount_paid - i.amount_credited) AS due
  FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.status = 'failed' GROUP BY i.id`;

export function rebuildReportDays(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM report_failed_days').run();
    sqlite
      .prepare(
        `INSERT INTO report_failed_days (day, currency, code, attempts, amount, reason)
         SELECT f.*, NULL FROM (${RECOUNT_FAILED_DAYS}) f`,
      )
      .run();
    sqlite.prepare('DELETE FROM report_failed_invoices').run();
    sqlite
      .prepare(
        `INSERT INTO report_failed_invoices (invoice_id, first_day, currency, status, amount_paid, due)
         SELECT * FROM (${RECOUNT_FAILED_INVOICES})`,
      )
      .run();
    sqlite.prepare('DELETE FROM report_days').run();
    for (const select of RECOUNT_REPORT_DAYS) {
      sqlite
        .prepare(
          `INSERT INTO report_days (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax)
           SELECT * FROM (${select}) WHERE true
           ON CONFLICT (day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps)
           DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, tax = tax + excluded.tax`,
        )
        .run();
    }
  })();
}
