import type Database from 'better-sqlite3';
import type { DashboardReport } from '../../../shared/contract/reports';
import { addDays, addMonths, monthEnd, monthOf } from './range';
import { figuresAt, mrrMonths } from './mrr';
import { revenueReport } from './revenue';
import { moneyRowParams, MONEY_ROWS } from './money-rows';
import { all, get } from './sql';

/** Money in over a range of days: collected − refunded (report_days). */
function moneyIn(sqlite: Database.Database, currency: string, from: string, to: string): number {
  const r = get<{ n: number | null }>(
    sqlite,
    `SELECT sum(CASE kind WHEN 'collected' THEN amount ELSE -amount END) AS n FROM ${MONEY_ROWS}
     WHERE kind IN ('collected', 'refunded')`,
    ...moneyRowParams(from, to, currency),
  );
  return r?.n ?? 0;
}

/** Open invoices past their due date (the status/due index answers it). */
export const OVERDUE_SQL = `
  SELECT count(*) AS invoices, count(DISTINCT member_id) AS members,
    coalesce(sum(max(0, total - balance_applied - amount_paid - amount_credited)), 0) AS amount
  FROM invoices INDEXED BY report_invoices_open_idx WHERE status = 'open' AND due_date < ? AND currency = ?`;

/** Open invoices with at least one declined attempt: money the dunning run may still recover. */
export const FAILED_AWAITING_SQL = `
  SELECT count(*) AS invoices, coalesce(sum(due), 0) AS amount
  FROM report_failed_invoices WHERE status = 'open' AND currency = ?`;

export const TRIALS_ENDING_SQL = `
  SELECT s.id AS subscriptionId, s.member_id AS memberId, m.first_name || ' ' || m.last_name AS name,
    coalesce(s.trial_end, s.current_period_end) AS date
  FROM subscriptions s JOIN members m ON m.id = s.member_id
  WHERE s.status = 'trialing' AND s.current_period_end BETWEEN ? AND ?
  ORDER BY s.current_period_end, s.id LIMIT 8`;

export const CARDS_EXPIRING_SQL = `
  SELECT pm.member_id AS memberId, m.first_name || ' ' || m.last_name AS name,
    pm.brand || ' •••• ' || pm.last4 || ' ' || printf('%02d/%d', pm.exp_month, pm.exp_year) AS label
  FROM payment_methods pm JOIN members m ON m.id = pm.member_id
  WHERE pm.status = 'active' AND pm.is_default = 1 AND pm.exp_year * 100 + pm.exp_month BETWEEN ? AND ?
  ORDER BY pm.exp_year, pm.exp_month, pm.id LIMIT 8`;

function heldForReview(sqlite: Database.Database): number {
  const issues = get<{ n: number }>(
    sqlite,
    'SELECT count(*) AS n FROM gateway_issues WHERE resolved_at IS NULL',
  )!.n;
  // Dunning that ran out of retries waits for the owner's decision (the table comes with dunning).
  const exists = get(sqlite, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dunning_cases'`);
  const exhausted = exists
    ? get<{ n: number }>(sqlite, `SELECT count(*) AS n FROM dunning_cases WHERE status = 'exhausted'`)!.n
    : 0;
  return issues + exhausted;
}

export function dashboardReport(
  sqlite: Database.Database,
  q: { today: string; hour: number; currency: string },
): DashboardReport {
  const { today, currency } = q;
  const month = monthOf(today);
  const prevMonth = addMonths(month, -1);
  const prevEnd = monthEnd(prevMonth);
  // The same days of last month (clamped), so the 5th is compared with the 5th.
  const dayIndex = Number(today.slice(8, 10));
  const prevSameDay = addDays(`${prevMonth}-01`, Math.min(dayIndex, Number(prevEnd.slice(8, 10))) - 1);
  const months = mrrMonths(sqlite, currency, month);
  const thisM = months.find((m) => m.month === month);
  const lastM = months.find((m) => m.month === prevMonth);
  const overdue = get<{ invoices: number; members: number; amount: number }>(
    sqlite,
    OVERDUE_SQL,
    today,
    currency,
  )!;
  const failed = get<{ invoices: number; amount: number }>(sqlite, FAILED_AWAITING_SQL, currency)!;
  const firstMonth = addMonths(month, -11);
  const revenue = revenueReport(sqlite, { from: `${firstMonth}-01`, to: today, currency, groupBy: 'month' });
  const ym = (m: string) => Number(m.replace('-', ''));
  const now = figuresAt(sqlite, currency, today);
  const before = figuresAt(sqlite, currency, prevEnd);
  return {
    today,
    hour: q.hour,
    currency,
    monthStart: `${month}-01`,
    kpis: {
      mrr: { value: now.mrr, previous: before.mrr },
      activeMembers: { value: now.customers, previous: before.customers },
      newMembers: {
        value: (thisM?.newCustomers ?? 0) + (thisM?.reactivatedCustomers ?? 0),
        previous: (lastM?.newCustomers ?? 0) + (lastM?.reactivatedCustomers ?? 0),
      },
      churnedMembers: { value: thisM?.churnedCustomers ?? 0, previous: lastM?.churnedCustomers ?? 0 },
      moneyIn: {
        value: moneyIn(sqlite, currency, `${month}-01`, today),
        previous: moneyIn(sqlite, currency, `${prevMonth}-01`, prevSameDay),
      },
      overdue: { value: overdue.amount, invoices: overdue.invoices },
      failedAwaiting: { value: failed.amount, invoices: failed.invoices },
    },
    revenue: revenue.periods.map((p) => ({
      month: p.start.slice(0, 7),
      invoiced: p.invoiced,
      collected: p.collected,
      net: p.net,
    })),
    movements: months
      .filter((m) => m.month >= firstMonth)
      .map((m) => ({
        month: m.month,
        new: m.newMrr,
        expansion: m.expansionMrr,
        reactivation: m.reactivationMrr,
        contraction: m.contractionMrr,
        churn: m.churnMrr,
        mrr: m.mrrEnd,
      })),
    tasks: {
      trialsEnding: all(sqlite, TRIALS_ENDING_SQL, today, addDays(today, 7)),
      cardsExpiring: all(sqlite, CARDS_EXPIRING_SQL, ym(month), ym(addMonths(month, 1))),
      debtors: { members: overdue.members, amount: overdue.amount },
      heldForReview: heldForReview(sqlite),
    },
  };
}
