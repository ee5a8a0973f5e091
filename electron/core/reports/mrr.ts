import type Database from 'better-sqlite3';
import type { MrrMonth, MrrReport } from '../../../shared/contract/reports';
import { monthEnd, monthOf, monthsBetween, monthStart } from './range';
import { all, get } from './sql';

interface MonthRow {
  month: string;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnMrr: number;
  reactivationMrr: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
}

/** Movements per month (report_mrr_months: tens of rows, kept by triggers). */
export const MRR_MONTHS_SQL = `
  SELECT month, new_mrr AS newMrr, expansion_mrr AS expansionMrr, contraction_mrr AS contractionMrr,
    churn_mrr AS churnMrr, reactivation_mrr AS reactivationMrr, new_customers AS newCustomers,
    reactivated_customers AS reactivatedCustomers, churned_customers AS churnedCustomers
  FROM report_mrr_months WHERE currency = ? ORDER BY month`;

export const netOf = (r: MonthRow) =>
  r.newMrr + r.expansionMrr + r.reactivationMrr - r.contractionMrr - r.churnMrr;
export const customersNetOf = (r: MonthRow) => r.newCustomers + r.reactivatedCustomers - r.churnedCustomers;

/** MRR and paying customers at the end of a month: the sum of every month's movements up to it. */
function wholeMonths(
  sqlite: Database.Database,
  currency: string,
  month: string,
): { mrr: number; customers: number } {
  const r = get<{ mrr: number | null; customers: number | null }>(
    sqlite,
    `SELECT sum(new_mrr + expansion_mrr + reactivation_mrr - contraction_mrr - churn_mrr) AS mrr,
       sum(new_customers + reactivated_customers - churned_customers) AS customers
     FROM report_mrr_months WHERE currency = ? AND month <= ?`,
    currency,
    month,
  );
  return { mrr: r?.mrr ?? 0, customers: r?.customers ?? 0 };
}

export interface MonthState extends MonthRow {
  mrrStart: number;
  mrrEnd: number;
  customersStart: number;
  customersEnd: number;
}

/** Every month from the first with a movement to `lastMonth`, with MRR and customers carried over. */
export function mrrMonths(sqlite: Database.Database, currency: string, lastMonth: string): MonthState[] {
  const rows = all<MonthRow>(sqlite, MRR_MONTHS_SQL, currency);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const first = rows[0]?.month;
  if (!first || first > lastMonth) return [];
  let mrr = 0;
  let customers = 0;
  return monthsBetween(first, lastMonth).map((month) => {
    const r = byMonth.get(month) ?? {
      month,
      newMrr: 0,
      expansionMrr: 0,
      contractionMrr: 0,
      churnMrr: 0,
      reactivationMrr: 0,
      newCustomers: 0,
      reactivatedCustomers: 0,
      churnedCustomers: 0,
    };
    const state = { ...r, mrrStart: mrr, customersStart: customers, mrrEnd: 0, customersEnd: 0 };
    mrr += netOf(r);
    customers += customersNetOf(r);
    state.mrrEnd = mrr;
    state.customersEnd = customers;
    return state;
  });
}

/** MRR on a day: whole months from the summary, then that month's changes up to the day. */
export function mrrAt(sqlite: Database.Database, currency: string, day: string): number {
  if (day === monthEnd(monthOf(day))) return wholeMonths(sqlite, currency, monthOf(day)).mrr;
  const before = get<{ mrr: number | null }>(
    sqlite,
    `SELECT sum(new_mrr + expansion_mrr + reactivation_mrr - contraction_mrr - churn_mrr) AS mrr
     FROM report_mrr_months WHERE currency = ? AND month < ?`,
    currency,
    monthOf(day),
  );
  const within = get<{ mrr: number | null }>(
    sqlite,
    `SELECT sum(delta) AS mrr FROM report_mrr_changes WHERE day BETWEEN ? AND ? AND currency = ?`,
    monthStart(day),
    day,
    currency,
  );
  return (before?.mrr ?? 0) + (within?.mrr ?? 0);
}

/** Paying customers on a day, the same way. */
export function customersAt(sqlite: Database.Database, currency: string, day: string): number {
  if (day === monthEnd(monthOf(day))) return wholeMonths(sqlite, currency, monthOf(day)).customers;
  const before = get<{ n: number | null }>(
    sqlite,
    `SELECT sum(new_customers + reactivated_customers - churned_customers) AS n
     FROM report_mrr_months WHERE currency = ? AND month < ?`,
    currency,
    monthOf(day),
  );
  // Members whose MRR this month went from nothing to something, or back, up to the day.
  const within = get<{ n: number | null }>(
    sqlite,
    `SELECT sum(CASE WHEN s <= 0 AND e > 0 THEN 1 WHEN s > 0 AND e <= 0 THEN -1 ELSE 0 END) AS n FROM (
       SELECT mm.mrr_start AS s, mm.mrr_start + sum(c.delta) AS e
       FROM report_mrr_changes c
       JOIN report_mrr_member_months mm ON mm.member_id = c.member_id AND mm.currency = c.currency AND mm.month = c.month
       WHERE c.day BETWEEN ? AND ? AND c.currency = ?
       GROUP BY c.member_id)`,
    monthStart(day),
    day,
    currency,
  );
  return (before?.n ?? 0) + (within?.n ?? 0);
}

export function mrrReport(
  sqlite: Database.Database,
  q: { from: string; to: string; currency: string; today: string },
): MrrReport {
  const end = q.to < q.today ? q.to : q.today;
  const all = mrrMonths(sqlite, q.currency, monthOf(end));
  const months: MrrMonth[] = all
    .filter((m) => m.month >= monthOf(q.from))
    .map((m) => ({
      month: m.month,
      mrrStart: m.mrrStart,
      new: m.newMrr,
      expansion: m.expansionMrr,
      contraction: m.contractionMrr,
      churn: m.churnMrr,
      reactivation: m.reactivationMrr,
      mrrEnd: m.mrrEnd,
      customers: m.customersEnd,
    }));
  const mrr = mrrAt(sqlite, q.currency, end);
  const customers = customersAt(sqlite, q.currency, end);
  return {
    currency: q.currency,
    months,
    mrr,
    arr: mrr * 12,
    customers,
    arpu: customers > 0 ? Math.round(mrr / customers) : 0,
  };
}
