import type Database from 'better-sqlite3';
import type { ReceivablesReport } from '../../../shared/contract/reports';
import { all } from './sql';

/**
 * Open invoices with money still due on a day, aged from their due date (0–29, 30–59, 60–89, 90+
 * days, as Mindbody buckets them); an invoice not yet due sits in the first bucket.
 */
export const RECEIVABLES_SQL = `
  SELECT i.member_id AS memberId, m.first_name || ' ' || m.last_name AS name,
    sum(CASE WHEN age < 30 THEN due ELSE 0 END) AS b0,
    sum(CASE WHEN age >= 30 AND age < 60 THEN due ELSE 0 END) AS b30,
    sum(CASE WHEN age >= 60 AND age < 90 THEN due ELSE 0 END) AS b60,
    sum(CASE WHEN age >= 90 THEN due ELSE 0 END) AS b90,
    sum(due) AS total, count(*) AS invoices
  FROM (
    SELECT i.id, i.member_id,
      max(0, i.total - i.balance_applied - i.amount_paid - i.amount_credited) AS due,
      julianday(?) - julianday(coalesce(i.due_date, i.issue_date)) AS age
    FROM invoices i
    WHERE i.status = 'open' AND i.currency = ? AND coalesce(i.issue_date, '') <= ?
      PLAN_FILTER
  ) i JOIN members m ON m.id = i.member_id
  WHERE due > 0
  GROUP BY i.member_id ORDER BY total DESC, name`;

export function receivablesReport(
  sqlite: Database.Database,
  q: { asOf: string; currency: string; planId?: number | undefined },
): ReceivablesReport {
  const plan = q.planId ?? null;
  const members = all<ReceivablesReport['members'][number]>(
    sqlite,
    // The plan clause only when a plan is chosen: an unused `IN (subquery)` is not free in SQLite.
    RECEIVABLES_SQL.replace(
      'PLAN_FILTER',
      plan === null ? '' : 'AND i.subscription_id IN (SELECT s.id FROM subscriptions s WHERE s.plan_id = ?)',
    ),
    q.asOf,
    q.currency,
    q.asOf,
    ...(plan === null ? [] : [plan]),
  );
  const buckets = { b0: 0, b30: 0, b60: 0, b90: 0, total: 0 };
  for (const m of members) {
    buckets.b0 += m.b0;
    buckets.b30 += m.b30;
    buckets.b60 += m.b60;
    buckets.b90 += m.b90;
    buckets.total += m.total;
  }
  return { currency: q.currency, asOf: q.asOf, buckets, members };
}
