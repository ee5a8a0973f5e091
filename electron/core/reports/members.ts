import type Database from 'better-sqlite3';
import type { MembersReport } from '../../../shared/contract/reports';
import { addMonths, monthOf, monthsBetween } from './range';
import { mrrMonths } from './mrr';
import { all } from './sql';

const COHORT_MONTHS = 12;

/** Live subscriptions now, per plan and status: the plan index holds both columns, so no row is read. */
export const SUBSCRIPTIONS_BY_PLAN_SQL = `
  SELECT s.plan_id AS planId, p.name, s.status, count(*) AS n
  FROM subscriptions s INDEXED BY subscriptions_plan_idx JOIN plans p ON p.id = s.plan_id
  WHERE s.status IN ('active', 'trialing', 'past_due', 'paused') AND (? IS NULL OR s.plan_id = ?)
  GROUP BY s.plan_id, s.status`;

/** Per cohort (first paying month) and month: members lost and won back (member months, by cohort index). */
export const COHORT_SQL = `
  SELECT first_month AS cohort, month,
    sum(month = first_month AND mrr_end > 0) AS joined,
    sum(month > first_month AND mrr_start > 0 AND mrr_end <= 0) AS churned,
    sum(month > first_month AND mrr_start <= 0 AND mrr_end > 0) AS returned
  FROM report_mrr_member_months INDEXED BY report_mrr_cohort_cover_idx
  WHERE first_month BETWEEN ? AND ? AND currency = ?
  GROUP BY first_month, month`;

const bps = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) : 0);

type Query = { from: string; to: string; currency: string; today: string; planId?: number | undefined };

export function membersReport(sqlite: Database.Database, q: Query): MembersReport {
  const end = q.to < q.today ? q.to : q.today;
  const months = monthFigures(sqlite, q.currency, monthOf(q.from), monthOf(end), q.planId);
  const first = months[0];
  const churned = months.reduce((s, m) => s + m.churned, 0);
  const gained = months.reduce((s, m) => s + m.new + m.reactivated + m.movedIn, 0);
  return {
    ...liveByPlan(sqlite, q.planId),
    months,
    churnRateBps: bps(churned, (first?.customersStart ?? 0) + gained),
    cohorts: cohorts(sqlite, q.currency, monthOf(q.from), monthOf(end)),
  };
}

function liveByPlan(
  sqlite: Database.Database,
  planId: number | undefined,
): Pick<MembersReport, 'byPlan' | 'totals'> {
  const plan = planId ?? null;
  const byPlan = new Map<number, MembersReport['byPlan'][number]>();
  const totals = { active: 0, trialing: 0, pastDue: 0, paused: 0 };
  for (const r of all<{ planId: number; name: string; status: string; n: number }>(
    sqlite,
    SUBSCRIPTIONS_BY_PLAN_SQL,
    plan,
    plan,
  )) {
    const row = byPlan.get(r.planId) ?? {
      planId: r.planId,
      name: r.name,
      active: 0,
      trialing: 0,
      pastDue: 0,
      paused: 0,
    };
    const key = r.status === 'past_due' ? 'pastDue' : (r.status as 'active' | 'trialing' | 'paused');
    row[key] += r.n;
    totals[key] += r.n;
    byPlan.set(r.planId, row);
  }
  return { byPlan: [...byPlan.values()].sort((a, b) => b.active - a.active), totals };
}

/**
 * Paying members per month from the MRR summaries: the business's, or one plan's, where a member
 * switching plans is moved out of one and moved into the other, so neither new nor churn there.
 * Stripe's churn rate, churned ÷ (paying at the start + new + returned), counts a member who moved in
 * among those who could leave: otherwise a plan whose members all came by switching would show 0 %
 * churn however many left. Moving out is not churn. Without a plan, moves are always 0.
 */
function monthFigures(
  sqlite: Database.Database,
  currency: string,
  fromMonth: string,
  lastMonth: string,
  planId: number | undefined,
): MembersReport['months'] {
  return mrrMonths(sqlite, currency, lastMonth, planId)
    .filter((m) => m.month >= fromMonth)
    .map((m) => ({
      month: m.month,
      customersStart: m.customersStart,
      new: m.newCustomers,
      reactivated: m.reactivatedCustomers,
      churned: m.churnedCustomers,
      movedIn: m.movedInCustomers,
      movedOut: m.movedOutCustomers,
      customersEnd: m.customersEnd,
      churnRateBps: bps(
        m.churnedCustomers,
        m.customersStart + m.newCustomers + m.reactivatedCustomers + m.movedInCustomers,
      ),
    }));
}

type CohortCell = { cohort: string; month: string; joined: number; churned: number; returned: number };

/**
 * Cohorts of the last 12 months of the range: how many of each month's new members still pay. Always
 * the whole business's, also with a plan filter: a plan's cohorts need each member's first plan and
 * later months, which with the present indexes costs 70–100 ms on the 100k-member bench for the
 * biggest plan, against 17 ms for these (see the README's members report).
 */
function cohorts(
  sqlite: Database.Database,
  currency: string,
  fromMonth: string,
  lastMonth: string,
): MembersReport['cohorts'] {
  const firstCohort = [fromMonth, addMonths(lastMonth, -(COHORT_MONTHS - 1))].sort().at(-1)!;
  if (firstCohort > lastMonth) return [];
  const cells = all<CohortCell>(sqlite, COHORT_SQL, firstCohort, lastMonth, currency);
  return monthsBetween(firstCohort, lastMonth).map((month) => {
    const mine = cells.filter((c) => c.cohort === month);
    const size = mine.reduce((s, c) => s + c.joined, 0);
    let still = size;
    const retained = monthsBetween(month, lastMonth).map((m) => {
      for (const c of mine) if (c.month === m) still += c.returned - c.churned;
      return still;
    });
    return { month, size, retained };
  });
}
