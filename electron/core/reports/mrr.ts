import type Database from 'better-sqlite3';
import type { MrrMonth, MrrReport } from '../../../shared/contract/reports';
import { addMonths, monthEnd, monthOf, monthsBetween, monthStart } from './range';
import { all, get } from './sql';

interface MonthRow {
  month: string;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnMrr: number;
  reactivationMrr: number;
  /** Moves between plans: only a plan's view has them (the whole business sees expansion or contraction). */
  movedInMrr: number;
  movedOutMrr: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
  movedInCustomers: number;
  movedOutCustomers: number;
}

/**
 * Whose MRR: the whole business (`planId` undefined) or the members on one plan, ChartMogul's plan
 * filter (migration `mrr_plans`). Every read is a key range of a summary table kept by triggers, or
 * one month of the change ledger by day; never the invoices or subscriptions.
 */
type PlanId = number | undefined;

/** Movements per month (report_mrr_months: tens of rows, kept by triggers). */
export const MRR_MONTHS_SQL = `
  SELECT month, new_mrr AS newMrr, expansion_mrr AS expansionMrr, contraction_mrr AS contractionMrr,
    churn_mrr AS churnMrr, reactivation_mrr AS reactivationMrr, 0 AS movedInMrr, 0 AS movedOutMrr,
    new_customers AS newCustomers, reactivated_customers AS reactivatedCustomers,
    churned_customers AS churnedCustomers, 0 AS movedInCustomers, 0 AS movedOutCustomers
  FROM report_mrr_months WHERE currency = ? ORDER BY month`;

/** One plan's movements per month (report_mrr_plan_months, by its key). Parameters: plan, currency. */
export const MRR_PLAN_MONTHS_SQL = `
  SELECT month, new_mrr AS newMrr, expansion_mrr AS expansionMrr, contraction_mrr AS contractionMrr,
    churn_mrr AS churnMrr, reactivation_mrr AS reactivationMrr, moved_in_mrr AS movedInMrr,
    moved_out_mrr AS movedOutMrr, new_customers AS newCustomers,
    reactivated_customers AS reactivatedCustomers, churned_customers AS churnedCustomers,
    moved_in_customers AS movedInCustomers, moved_out_customers AS movedOutCustomers
  FROM report_mrr_plan_months WHERE plan_id = ? AND currency = ? ORDER BY month`;

/** MRR and paying customers at the end of a month: every month's movements up to it. */
export const MRR_UP_TO_SQL = `
  SELECT sum(new_mrr + expansion_mrr + reactivation_mrr - contraction_mrr - churn_mrr) AS mrr,
    sum(new_customers + reactivated_customers - churned_customers) AS customers
  FROM report_mrr_months WHERE currency = ? AND month <= ?`;

/** The same for one plan. Parameters: plan, currency, month. */
export const MRR_PLAN_UP_TO_SQL = `
  SELECT sum(new_mrr + expansion_mrr + reactivation_mrr + moved_in_mrr - contraction_mrr - churn_mrr - moved_out_mrr) AS mrr,
    sum(new_customers + reactivated_customers + moved_in_customers - churned_customers - moved_out_customers) AS customers
  FROM report_mrr_plan_months WHERE plan_id = ? AND currency = ? AND month <= ?`;

/** MRR changes from a month's first day to a day (the ledger by day). Parameters: from, to, currency. */
export const MRR_WITHIN_SQL = `SELECT sum(delta) AS mrr FROM report_mrr_changes WHERE day BETWEEN ? AND ? AND currency = ?`;

/**
 * One plan's share of those changes: the MRR after a change if it counts under the plan, less the MRR
 * before it if that did. Parameters: plan, plan, from, to, currency, plan, plan.
 */
const PLAN_DELTA = (c: string) =>
  `(${c}plan_id = ?) * ${c}mrr - (${c}prev_plan_id = ?) * (${c}mrr - ${c}delta)`;
export const MRR_PLAN_WITHIN_SQL = `
  SELECT sum(${PLAN_DELTA('')}) AS mrr FROM report_mrr_changes
  WHERE day BETWEEN ? AND ? AND currency = ? AND (plan_id = ? OR prev_plan_id = ?)`;

/** Members whose MRR this month went from nothing to something, or back, up to a day. */
export const CUSTOMERS_WITHIN_SQL = `
  SELECT sum(CASE WHEN s <= 0 AND e > 0 THEN 1 WHEN s > 0 AND e <= 0 THEN -1 ELSE 0 END) AS n FROM (
    SELECT mm.mrr_start AS s, mm.mrr_start + sum(c.delta) AS e
    FROM report_mrr_changes c
    JOIN report_mrr_member_months mm ON mm.member_id = c.member_id AND mm.currency = c.currency AND mm.month = c.month
    WHERE c.day BETWEEN ? AND ? AND c.currency = ?
    GROUP BY c.member_id)`;

/** The same on one plan. Parameters: plan, plan, plan, from, to, currency, plan, plan. */
export const CUSTOMERS_PLAN_WITHIN_SQL = `
  SELECT sum(CASE WHEN s <= 0 AND e > 0 THEN 1 WHEN s > 0 AND e <= 0 THEN -1 ELSE 0 END) AS n FROM (
    SELECT pm.mrr_start AS s, pm.mrr_start + sum(${PLAN_DELTA('c.')}) AS e
    FROM report_mrr_changes c
    JOIN report_mrr_plan_member_months pm
      ON pm.member_id = c.member_id AND pm.currency = c.currency AND pm.plan_id = ? AND pm.month = c.month
    WHERE c.day BETWEEN ? AND ? AND c.currency = ? AND (c.plan_id = ? OR c.prev_plan_id = ?)
    GROUP BY c.member_id)`;

export const netOf = (r: MonthRow) =>
  r.newMrr +
  r.expansionMrr +
  r.reactivationMrr +
  r.movedInMrr -
  r.contractionMrr -
  r.churnMrr -
  r.movedOutMrr;
export const customersNetOf = (r: MonthRow) =>
  r.newCustomers + r.reactivatedCustomers + r.movedInCustomers - r.churnedCustomers - r.movedOutCustomers;

function wholeMonths(
  sqlite: Database.Database,
  currency: string,
  month: string,
  planId: PlanId,
): { mrr: number; customers: number } {
  type Sums = { mrr: number | null; customers: number | null };
  const r =
    planId === undefined
      ? get<Sums>(sqlite, MRR_UP_TO_SQL, currency, month)
      : get<Sums>(sqlite, MRR_PLAN_UP_TO_SQL, planId, currency, month);
  return { mrr: r?.mrr ?? 0, customers: r?.customers ?? 0 };
}

export interface MonthState extends MonthRow {
  mrrStart: number;
  mrrEnd: number;
  customersStart: number;
  customersEnd: number;
}

const NO_MOVES = {
  newMrr: 0,
  expansionMrr: 0,
  contractionMrr: 0,
  churnMrr: 0,
  reactivationMrr: 0,
  movedInMrr: 0,
  movedOutMrr: 0,
  newCustomers: 0,
  reactivatedCustomers: 0,
  churnedCustomers: 0,
  movedInCustomers: 0,
  movedOutCustomers: 0,
};

/** Every month from the first with a movement to `lastMonth`, with MRR and customers carried over. */
export function mrrMonths(
  sqlite: Database.Database,
  currency: string,
  lastMonth: string,
  planId?: PlanId,
): MonthState[] {
  const rows =
    planId === undefined
      ? all<MonthRow>(sqlite, MRR_MONTHS_SQL, currency)
      : all<MonthRow>(sqlite, MRR_PLAN_MONTHS_SQL, planId, currency);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const first = rows[0]?.month;
  if (!first || first > lastMonth) return [];
  let mrr = 0;
  let customers = 0;
  return monthsBetween(first, lastMonth).map((month) => {
    const r = byMonth.get(month) ?? { month, ...NO_MOVES };
    const state = { ...r, mrrStart: mrr, customersStart: customers, mrrEnd: 0, customersEnd: 0 };
    mrr += netOf(r);
    customers += customersNetOf(r);
    state.mrrEnd = mrr;
    state.customersEnd = customers;
    return state;
  });
}

/**
 * MRR and paying customers on a day: whole months from the summary (read once for both), then that
 * month's changes up to the day.
 */
export function figuresAt(
  sqlite: Database.Database,
  currency: string,
  day: string,
  planId?: PlanId,
): { mrr: number; customers: number } {
  const month = monthOf(day);
  if (day === monthEnd(month)) return wholeMonths(sqlite, currency, month, planId);
  const before = wholeMonths(sqlite, currency, addMonths(month, -1), planId);
  const from = monthStart(day);
  const mrr =
    planId === undefined
      ? get<{ mrr: number | null }>(sqlite, MRR_WITHIN_SQL, from, day, currency)
      : get<{ mrr: number | null }>(
          sqlite,
          MRR_PLAN_WITHIN_SQL,
          planId,
          planId,
          from,
          day,
          currency,
          planId,
          planId,
        );
  const customers =
    planId === undefined
      ? get<{ n: number | null }>(sqlite, CUSTOMERS_WITHIN_SQL, from, day, currency)
      : get<{ n: number | null }>(
          sqlite,
          CUSTOMERS_PLAN_WITHIN_SQL,
          planId,
          planId,
          planId,
          from,
          day,
          currency,
          planId,
          planId,
        );
  return { mrr: before.mrr + (mrr?.mrr ?? 0), customers: before.customers + (customers?.n ?? 0) };
}

export function mrrReport(
  sqlite: Database.Database,
  q: { from: string; to: string; currency: string; today: string; planId?: PlanId },
): MrrReport {
  const end = q.to < q.today ? q.to : q.today;
  const months: MrrMonth[] = mrrMonths(sqlite, q.currency, monthOf(end), q.planId)
    .filter((m) => m.month >= monthOf(q.from))
    .map((m) => ({
      month: m.month,
      mrrStart: m.mrrStart,
      new: m.newMrr,
      expansion: m.expansionMrr,
      contraction: m.contractionMrr,
      churn: m.churnMrr,
      reactivation: m.reactivationMrr,
      movedIn: m.movedInMrr,
      movedOut: m.movedOutMrr,
      mrrEnd: m.mrrEnd,
      customers: m.customersEnd,
    }));
  const { mrr, customers } = figuresAt(sqlite, q.currency, end, q.planId);
  return {
    currency: q.currency,
    months,
    mrr,
    arr: mrr * 12,
    customers,
    arpu: customers > 0 ? Math.round(mrr / customers) : 0,
  };
}
