import type Database from 'better-sqlite3';
import type { FailedPaymentsReport } from '../../../shared/contract/reports';
import { all } from './sql';

/** Failed attempts in an instant range, by reason (the partial index on failed payments covers it). */
export const FAILED_BY_REASON_SQL = `
  SELECT coalesce(p.decline_code, p.failure_code, 'unknown') AS code, max(p.failure_message) AS reason,
    count(*) AS attempts, count(DISTINCT p.invoice_id) AS invoices, sum(p.amount) AS amount
  FROM payments p
  WHERE p.status = 'failed' AND p.created_at >= ? AND p.created_at < ?
    AND (? IS NULL OR p.invoice_id IN (SELECT i.id FROM invoices i JOIN subscriptions s ON s.id = i.subscription_id WHERE s.plan_id = ?))
  GROUP BY 1 ORDER BY attempts DESC`;

/** What became of the invoices those attempts were for: paid (recovered), written off (lost) or still open. */
export const FAILED_OUTCOMES_SQL = `
  SELECT CASE WHEN i.status = 'paid' THEN 'recovered' WHEN i.status IN ('void', 'uncollectible') THEN 'lost' ELSE 'pending' END AS outcome,
    count(*) AS invoices,
    sum(CASE WHEN i.status = 'paid' THEN i.amount_paid ELSE i.total - i.amount_paid - i.balance_applied - i.amount_credited END) AS amount
  FROM invoices i
  WHERE i.id IN (
    SELECT p.invoice_id FROM payments p
    WHERE p.status = 'failed' AND p.created_at >= ? AND p.created_at < ?)
    AND (? IS NULL OR i.subscription_id IN (SELECT s.id FROM subscriptions s WHERE s.plan_id = ?))
  GROUP BY 1`;

export function failedPaymentsReport(
  sqlite: Database.Database,
  q: { fromInstant: string; toInstant: string; currency: string; planId?: number | undefined },
): FailedPaymentsReport {
  const plan = q.planId ?? null;
  const byReason = all<FailedPaymentsReport['byReason'][number]>(
    sqlite,
    FAILED_BY_REASON_SQL,
    q.fromInstant,
    q.toInstant,
    plan,
    plan,
  ).map((r) => ({ ...r, reason: r.reason ?? 'The payment did not go through.' }));
  const out = {
    recovered: { invoices: 0, amount: 0 },
    lost: { invoices: 0, amount: 0 },
    pending: { invoices: 0, amount: 0 },
  };
  for (const r of all<{ outcome: keyof typeof out; invoices: number; amount: number }>(
    sqlite,
    FAILED_OUTCOMES_SQL,
    q.fromInstant,
    q.toInstant,
    plan,
    plan,
  )) {
    out[r.outcome] = { invoices: r.invoices, amount: Math.max(0, r.amount) };
  }
  const ended = out.recovered.invoices + out.lost.invoices;
  return {
    currency: q.currency,
    byReason,
    ...out,
    recoveryRateBps: ended > 0 ? Math.round((out.recovered.invoices * 10_000) / ended) : null,
  };
}
