import type Database from 'better-sqlite3';
import type { ReceivablesReport } from '../../../shared/contract/reports';
import { all, get } from './sql';

/**
 * Open invoices with money still due on a day, aged from their due date (0–29, 30–59, 60–89, 90+
 * days, as Mindbody buckets them); an invoice not yet due sits in the first bucket. The partial
 * index on open invoices holds every column read, in member order.
 */
const OPEN = `
  SELECT i.member_id,
    max(0, i.total - i.balance_applied - i.amount_paid - i.amount_credited) AS due,
    julianday(?) - julianday(coalesce(i.due_date, i.issue_date)) AS age
  FROM invoices i INDEXED BY report_invoices_open_idx
  WHERE i.status = 'open' AND i.currency = ? AND coalesce(i.issue_date, '') <= ?
    PLAN_FILTER`;

const BUCKET_SUMS = `
    sum(CASE WHEN age < 30 THEN due ELSE 0 END) AS b0,
    sum(CASE WHEN age >= 30 AND age < 60 THEN due ELSE 0 END) AS b30,
    sum(CASE WHEN age >= 60 AND age < 90 THEN due ELSE 0 END) AS b60,
    sum(CASE WHEN age >= 90 THEN due ELSE 0 END) AS b90,
    sum(due) AS total`;

export const RECEIVABLES_SQL = `
  SELECT o.member_id AS memberId, m.first_name || ' ' || m.last_name AS name, ${BUCKET_SUMS}, count(*) AS invoices
  FROM (${OPEN}) o JOIN members m ON m.id = o.member_id
  WHERE due > 0
  GROUP BY o.member_id ORDER BY total DESC, name LIMIT ?`;

export const RECEIVABLES_TOTALS_SQL = `
  SELECT ${BUCKET_SUMS}, count(DISTINCT member_id) AS members
  FROM (${OPEN}) WHERE due > 0`;

export function receivablesReport(
  sqlite: Database.Database,
  q: { asOf: string; currency: string; planId?: number | undefined; limit?: number },
): ReceivablesReport {
  const plan = q.planId ?? null;
  // The plan clause only when a plan is chosen: an unused `IN (subquery)` is not free in SQLite.
  const planSql = (sql: string) =>
    sql.replace(
      'PLAN_FILTER',
      plan === null ? '' : 'AND i.subscription_id IN (SELECT s.id FROM subscriptions s WHERE s.plan_id = ?)',
    );
  const params = [q.asOf, q.currency, q.asOf, ...(plan === null ? [] : [plan])];
  const totals = get<{
    b0: number | null;
    b30: number | null;
    b60: number | null;
    b90: number | null;
    total: number | null;
    members: number;
  }>(sqlite, planSql(RECEIVABLES_TOTALS_SQL), ...params)!;
  const members = all<ReceivablesReport['members'][number]>(
    sqlite,
    planSql(RECEIVABLES_SQL),
    ...params,
    q.limit ?? 500,
  );
  return {
    currency: q.currency,
    asOf: q.asOf,
    buckets: {
      b0: totals.b0 ?? 0,
      b30: totals.b30 ?? 0,
      b60: totals.b60 ?? 0,
      b90: totals.b90 ?? 0,
      total: totals.total ?? 0,
    },
    memberCount: totals.members,
    members,
  };
}
