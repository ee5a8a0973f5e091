import type Database from 'better-sqlite3';
import type { MoneyPeriod, RevenueReport } from '../../../shared/contract/reports';
import { addDays, monthOf, weekStart } from './range';
import { moneyRowParams, MONEY_ROWS } from './money-rows';
import { all } from './sql';

export interface RevenueQuery {
  from: string;
  to: string;
  currency: string;
  groupBy: 'day' | 'week' | 'month';
  planId?: number | undefined;
  method?: string | undefined;
  operatorId?: number | undefined;
}

interface BucketRow {
  bucket: string;
  kind: 'invoiced' | 'collected' | 'refunded' | 'credited';
  planId: number;
  method: string;
  n: number;
  amount: number;
}

const FILTERS = `(? IS NULL OR plan_id = ?)
    AND (? IS NULL OR kind IN ('invoiced', 'credited') OR method = ?)
    AND (? IS NULL OR kind IN ('invoiced', 'credited') OR operator_id = ?)`;

/**
 * Money per month (or per plan and method) from the summaries: whole months from report_months, the
 * partial ones from report_days (see money-rows.ts). Plan filters everything; payment method and
 * operator filter only money that moved (collected, refunded), since an invoice has neither.
 */
export const REVENUE_MONTHS_SQL = `
  SELECT substr(day, 1, 7) || '-01' AS bucket, kind, 0 AS planId, '' AS method, sum(n) AS n, sum(amount) AS amount
  FROM ${MONEY_ROWS} WHERE ${FILTERS}
  GROUP BY 1, 2`;
export const REVENUE_DETAIL_SQL = `
  SELECT '' AS bucket, kind, plan_id AS planId, method, sum(n) AS n, sum(amount) AS amount
  FROM ${MONEY_ROWS} WHERE ${FILTERS}
  GROUP BY kind, plan_id, method`;
/**
 * Per day, straight from the daily summary (day and week buckets need days). Grouped in the index's
 * own order (day, currency, kind), the currency picked out afterwards (a `currency = ?` term, even in
 * HAVING, makes SQLite sort tens of thousands of rows instead of adding up as it reads).
 */
export const REVENUE_DAYS_SQL = `
  SELECT day AS bucket, currency, kind, 0 AS planId, '' AS method, sum(n) AS n, sum(amount) AS amount
  FROM report_days INDEXED BY report_days_cover
  WHERE day BETWEEN ? AND ? AND ${FILTERS}
  GROUP BY day, currency, kind`;
export const REVENUE_SQL = REVENUE_DAYS_SQL;

function revenueRows(
  sqlite: Database.Database,
  q: Omit<RevenueQuery, 'groupBy'>,
  shape: 'days' | 'months' | 'detail',
): BucketRow[] {
  const plan = q.planId ?? null;
  const method = q.method ?? null;
  const op = q.operatorId ?? null;
  const filters = [plan, plan, method, method, op, op];
  if (shape === 'days') {
    return all<BucketRow & { currency: string }>(sqlite, REVENUE_DAYS_SQL, q.from, q.to, ...filters).filter(
      (r) => r.currency === q.currency,
    );
  }
  return all<BucketRow>(
    sqlite,
    shape === 'months' ? REVENUE_MONTHS_SQL : REVENUE_DETAIL_SQL,
    ...moneyRowParams(q.from, q.to, q.currency),
    ...filters,
  );
}

const bucketOf = (day: string, groupBy: RevenueQuery['groupBy']) =>
  groupBy === 'day' ? day : groupBy === 'week' ? weekStart(day) : `${monthOf(day)}-01`;

export const emptyMoney = (): Omit<MoneyPeriod, 'start'> => ({
  invoiced: 0,
  credited: 0,
  collected: 0,
  refunded: 0,
  net: 0,
});

/** Every bucket start in the range, so quiet periods show as zero rather than vanish from a chart. */
function buckets(from: string, to: string, groupBy: RevenueQuery['groupBy']): string[] {
  const out: string[] = [];
  let d = bucketOf(from, groupBy);
  while (d <= to) {
    out.push(d);
    d =
      groupBy === 'day'
        ? addDays(d, 1)
        : groupBy === 'week'
          ? addDays(d, 7)
          : `${monthOf(addDays(d, 31))}-01`;
  }
  return out;
}

export function revenueReport(sqlite: Database.Database, q: RevenueQuery): RevenueReport {
  const periods = new Map<string, MoneyPeriod>();
  for (const start of buckets(q.from, q.to, q.groupBy)) periods.set(start, { start, ...emptyMoney() });
  const totals = emptyMoney();
  const plans = new Map<number, { invoiced: number; collected: number; refunded: number }>();
  const methods = new Map<string, { collected: number; refunded: number; payments: number }>();
  // Periods from one query; plans and methods from a monthly one (a few hundred rows at most).
  for (const r of revenueRows(sqlite, q, q.groupBy === 'month' ? 'months' : 'days')) {
    const p = periods.get(bucketOf(r.bucket, q.groupBy));
    if (!p) continue;
    p[r.kind] += r.amount;
    totals[r.kind] += r.amount;
  }
  for (const r of revenueRows(sqlite, q, 'detail')) {
    if (r.kind !== 'credited') {
      const plan = plans.get(r.planId) ?? { invoiced: 0, collected: 0, refunded: 0 };
      plan[r.kind] += r.amount;
      plans.set(r.planId, plan);
    }
    if (r.kind === 'collected' || r.kind === 'refunded') {
      const m = methods.get(r.method) ?? { collected: 0, refunded: 0, payments: 0 };
      m[r.kind] += r.amount;
      if (r.kind === 'collected') m.payments += r.n;
      methods.set(r.method, m);
    }
  }
  for (const p of periods.values()) p.net = p.collected - p.refunded;
  totals.net = totals.collected - totals.refunded;
  const names = new Map(
    all<{ id: number; name: string }>(sqlite, 'SELECT id, name FROM plans').map((p) => [p.id, p.name]),
  );
  return {
    currency: q.currency,
    groupBy: q.groupBy,
    periods: [...periods.values()],
    totals,
    byPlan: [...plans.entries()]
      .map(([id, v]) => ({
        planId: id || null,
        name: id ? (names.get(id) ?? `Plan ${id}`) : 'No plan',
        ...v,
      }))
      .sort((a, b) => b.invoiced + b.collected - (a.invoiced + a.collected)),
    byMethod: [...methods.entries()]
      .map(([method, v]) => ({ method, ...v }))
      .sort((a, b) => b.collected - a.collected),
  };
}
