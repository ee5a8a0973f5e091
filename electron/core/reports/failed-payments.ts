import type Database from 'better-sqlite3';
import type { FailedPaymentsReport } from '../../../shared/contract/reports';
import { all, get } from './sql';

/** Declines per reason from the daily summary (report_failed_days, kept by triggers). */
export const FAILED_BY_REASON_SQL = `
  SELECT code, max(reason) AS reason, sum(attempts) AS attempts, sum(amount) AS amount
  FROM report_failed_days
  WHERE day BETWEEN ? AND ? AND currency = ?
  GROUP BY code ORDER BY attempts DESC`;

/**
 * What became of the invoices whose first decline fell in the range: paid (recovered), written off or
 * voided (lost), or still open. One pass over report_failed_invoices, no sorting.
 */
export const FAILED_OUTCOMES_SQL = `
  SELECT
    coalesce(sum(status = 'paid'), 0) AS recoveredInvoices,
    coalesce(sum(CASE WHEN status = 'paid' THEN amount_paid ELSE 0 END), 0) AS recoveredAmount,
    coalesce(sum(status IN ('void', 'uncollectible')), 0) AS lostInvoices,
    coalesce(sum(CASE WHEN status IN ('void', 'uncollectible') THEN due ELSE 0 END), 0) AS lostAmount,
    coalesce(sum(status NOT IN ('paid', 'void', 'uncollectible')), 0) AS pendingInvoices,
    coalesce(sum(CASE WHEN status NOT IN ('paid', 'void', 'uncollectible') THEN due ELSE 0 END), 0) AS pendingAmount
  FROM report_failed_invoices INDEXED BY report_failed_invoices_day_idx
  WHERE first_day BETWEEN ? AND ? AND currency = ?`;

/** With a plan chosen, the same from the payments themselves (the summaries do not know plans). */
export const FAILED_BY_REASON_PLAN_SQL = `
  SELECT coalesce(p.decline_code, p.failure_code, 'unknown') AS code, max(p.failure_message) AS reason,
    count(*) AS attempts, sum(p.amount) AS amount
  FROM payments p
  WHERE p.status = 'failed' AND p.created_at >= ? AND p.created_at < ? AND p.currency = ?
    AND p.invoice_id IN (SELECT i.id FROM invoices i JOIN subscriptions s ON s.id = i.subscription_id WHERE s.plan_id = ?)
  GROUP BY 1 ORDER BY attempts DESC`;
export const FAILED_OUTCOMES_PLAN_SQL = `
  SELECT
    coalesce(sum(f.status = 'paid'), 0) AS recoveredInvoices,
    coalesce(sum(CASE WHEN f.status = 'paid' THEN f.amount_paid ELSE 0 END), 0) AS recoveredAmount,
    coalesce(sum(f.status IN ('void', 'uncollectible')), 0) AS lostInvoices,
    coalesce(sum(CASE WHEN f.status IN ('void', 'uncollectible') THEN f.due ELSE 0 END), 0) AS lostAmount,
    coalesce(sum(f.status NOT IN ('paid', 'void', 'uncollectible')), 0) AS pendingInvoices,
    coalesce(sum(CASE WHEN f.status NOT IN ('paid', 'void', 'uncollectible') THEN f.due ELSE 0 END), 0) AS pendingAmount
  FROM report_failed_invoices f JOIN invoices i ON i.id = f.invoice_id JOIN subscriptions s ON s.id = i.subscription_id
  WHERE f.first_day BETWEEN ? AND ? AND f.currency = ? AND s.plan_id = ?`;

interface Outcomes {
  recoveredInvoices: number;
  recoveredAmount: number;
  lostInvoices: number;
  lostAmount: number;
  pendingInvoices: number;
  pendingAmount: number;
}

export function failedPaymentsReport(
  sqlite: Database.Database,
  q: {
    from: string;
    to: string;
    fromInstant: string;
    toInstant: string;
    currency: string;
    planId?: number | undefined;
  },
): FailedPaymentsReport {
  const plan = q.planId ?? null;
  const byReason =
    plan === null
      ? all<FailedPaymentsReport['byReason'][number]>(sqlite, FAILED_BY_REASON_SQL, q.from, q.to, q.currency)
      : all<FailedPaymentsReport['byReason'][number]>(
          sqlite,
          FAILED_BY_REASON_PLAN_SQL,
          q.fromInstant,
          q.toInstant,
          q.currency,
          plan,
        );
  const o =
    plan === null
      ? get<Outcomes>(sqlite, FAILED_OUTCOMES_SQL, q.from, q.to, q.currency)!
      : get<Outcomes>(sqlite, FAILED_OUTCOMES_PLAN_SQL, q.from, q.to, q.currency, plan)!;
  const ended = o.recoveredInvoices + o.lostInvoices;
  return {
    currency: q.currency,
    byReason: byReason.map((r) => ({ ...r, reason: r.reason ?? 'The payment did not go through.' })),
    recovered: { invoices: o.recoveredInvoices, amount: o.recoveredAmount },
    lost: { invoices: o.lostInvoices, amount: o.lostAmount },
    pending: { invoices: o.pendingInvoices, amount: o.pendingAmount },
    recoveryRateBps: ended > 0 ? Math.round((o.recoveredInvoices * 10_000) / ended) : null,
  };
}
