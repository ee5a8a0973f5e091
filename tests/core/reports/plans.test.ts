import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../db/open';
import { COHORT_SQL, membersReport, SUBSCRIPTIONS_BY_PLAN_SQL } from '../../../electron/core/reports/members';
import { END_OF_DAY_SQL } from '../../../electron/core/reports/end-of-day';
import {
  FAILED_BY_REASON_PLAN_SQL,
  FAILED_BY_REASON_SQL,
  FAILED_OUTCOMES_SQL,
} from '../../../electron/core/reports/failed-payments';
import {
  CUSTOMERS_PLAN_WITHIN_SQL,
  CUSTOMERS_WITHIN_SQL,
  MRR_MONTHS_SQL,
  MRR_PLAN_MONTHS_SQL,
  MRR_PLAN_UP_TO_SQL,
  MRR_PLAN_WITHIN_SQL,
  MRR_UP_TO_SQL,
  MRR_WITHIN_SQL,
} from '../../../electron/core/reports/mrr';
import { RECEIVABLES_SQL, RECEIVABLES_TOTALS_SQL } from '../../../electron/core/reports/receivables';
import { REVENUE_DETAIL_SQL, REVENUE_MONTHS_SQL, REVENUE_SQL } from '../../../electron/core/reports/revenue';
import { TAX_SQL } from '../../../electron/core/reports/tax';
import {
  CARDS_EXPIRING_SQL,
  FAILED_AWAITING_SQL,
  OVERDUE_SQL,
  TRIALS_ENDING_SQL,
} from '../../../electron/core/reports/dashboard';
import { MIGRATIONS } from '../../support/core';

/**
 * Query plans of the hot report queries (Signal's habit): on the 1M-invoice history an index that
 * goes missing turns 5 ms into seconds, so each query must keep using the index it was written for.
 */
const database = openDatabase({ file: ':memory:', migrationsFolder: MIGRATIONS });
afterAll(() => database.close());

function plan(raw: string): string {
  const sql = raw.replace(/PLAN_FILTER/g, '');
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  const rows = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{
    detail: string;
  }>;
  return rows.map((r) => r.detail).join('\n');
}

/** Whole months from the monthly rollup by its key, the edge days from the daily summary by day. */
const MONTHS_THEN_DAYS = [
  /SEARCH report_months USING PRIMARY KEY \(month>\? AND month<\?\)/,
  /SEARCH report_days USING COVERING INDEX report_days_cover \(day>\? AND day<\?\)/,
];

const cases: Array<[string, string, RegExp[], RegExp[]]> = [
  [
    'revenue by day',
    REVENUE_SQL,
    [/SEARCH report_days USING COVERING INDEX report_days_cover \(day>\? AND day<\?\)/],
    [/SCAN report_days/, /TEMP B-TREE/],
  ],
  ['revenue by month', REVENUE_MONTHS_SQL, MONTHS_THEN_DAYS, [/SCAN report_days/]],
  ['revenue by plan and method', REVENUE_DETAIL_SQL, MONTHS_THEN_DAYS, [/SCAN report_days/]],
  ['tax per rate', TAX_SQL, MONTHS_THEN_DAYS, [/SCAN report_days/]],
  ['end of day', END_OF_DAY_SQL, MONTHS_THEN_DAYS, [/SCAN report_days/]],
  [
    'MRR movements',
    MRR_MONTHS_SQL,
    [/report_mrr_months/],
    [/SCAN report_mrr_member_months/, /SCAN report_mrr_changes/],
  ],
  [
    // Also the monthly figures of the members report of one plan (paying, new, left, moved in and out).
    'MRR movements and paying members of one plan',
    MRR_PLAN_MONTHS_SQL,
    [/SEARCH report_mrr_plan_months USING INDEX \S+ \(plan_id=\? AND currency=\?\)/],
    [/SCAN/, /TEMP B-TREE/],
  ],
  ['MRR up to a month', MRR_UP_TO_SQL, [/SEARCH report_mrr_months USING INDEX \S+ \(month<\?\)/], [/SCAN/]],
  [
    'MRR of one plan up to a month',
    MRR_PLAN_UP_TO_SQL,
    [/SEARCH report_mrr_plan_months USING INDEX \S+ \(plan_id=\? AND currency=\? AND month<\?\)/],
    [/SCAN/],
  ],
  [
    'MRR of one plan on a day: one month of changes by day',
    MRR_PLAN_WITHIN_SQL,
    [/SEARCH report_mrr_changes USING INDEX report_mrr_changes_day_idx \(day>\? AND day<\?\)/],
    [/SCAN/],
  ],
  [
    'paying members on a day',
    CUSTOMERS_WITHIN_SQL,
    [
      /SEARCH c USING INDEX report_mrr_changes_day_idx \(day>\? AND day<\?\)/,
      /SEARCH mm USING INDEX \S+ \(member_id=\? AND currency=\? AND month=\?\)/,
    ],
    [/SCAN (c|mm)\b/],
  ],
  [
    'paying members of one plan on a day',
    CUSTOMERS_PLAN_WITHIN_SQL,
    [
      /SEARCH c USING INDEX report_mrr_changes_day_idx \(day>\? AND day<\?\)/,
      /SEARCH pm USING INDEX \S+ \(member_id=\? AND currency=\? AND plan_id=\? AND month=\?\)/,
    ],
    [/SCAN (c|pm)\b/],
  ],
  [
    // What the triggers read for every MRR change: one member month of one plan by its key.
    'a plan member month’s movements',
    `SELECT * FROM report_mrr_plan_movements WHERE member_id = ? AND currency = ? AND plan_id = ? AND month = ?`,
    [
      /SEARCH report_mrr_plan_member_months USING INDEX \S+ \(member_id=\? AND currency=\? AND plan_id=\? AND month=\?\)/,
    ],
    [/SCAN/],
  ],
  [
    'the member month of a plan before a change',
    `SELECT m.mrr_end FROM report_mrr_plan_member_months m WHERE m.member_id = ? AND m.currency = ? AND m.plan_id = ? AND m.month < ? ORDER BY m.month DESC LIMIT 1`,
    [/SEARCH m USING INDEX \S+ \(member_id=\? AND currency=\? AND plan_id=\? AND month<\?\)/],
    [/SCAN/, /TEMP B-TREE/],
  ],
  [
    'retention cohorts',
    COHORT_SQL,
    [
      /SEARCH report_mrr_member_months USING COVERING INDEX report_mrr_cohort_cover_idx \(first_month>\? AND first_month<\?\)/,
    ],
    [],
  ],
  ['subscriptions by plan', SUBSCRIPTIONS_BY_PLAN_SQL, [/subscriptions_plan_idx/], [/SCAN s\b(?! USING)/]],
  [
    'failed payments by reason',
    FAILED_BY_REASON_SQL,
    [/SEARCH report_failed_days USING PRIMARY KEY \(day>\? AND day<\?\)/],
    [/SCAN/],
  ],
  [
    'failed payments outcome',
    FAILED_OUTCOMES_SQL,
    [
      /SEARCH report_failed_invoices USING COVERING INDEX report_failed_invoices_day_idx \(first_day>\? AND first_day<\?\)/,
    ],
    [/SCAN/, /TEMP B-TREE/],
  ],
  [
    'receivables',
    RECEIVABLES_SQL,
    // The partial index holds only open invoices and every column read: no invoice row is touched.
    [/SCAN i USING COVERING INDEX report_invoices_open_idx/],
    [/SCAN i\b(?! USING COVERING)/],
  ],
  [
    'receivable totals',
    RECEIVABLES_TOTALS_SQL,
    [/SCAN i USING COVERING INDEX report_invoices_open_idx/],
    [/SCAN i\b(?! USING COVERING)/],
  ],
  [
    'overdue',
    OVERDUE_SQL,
    [/SCAN invoices USING COVERING INDEX report_invoices_open_idx/],
    [/SCAN invoices\b(?! USING COVERING)/],
  ],
  [
    'failed payments of one plan',
    FAILED_BY_REASON_PLAN_SQL,
    // The plan's subscriptions, their invoices, then those invoices' payments: never all payments.
    [/SEARCH s USING COVERING INDEX subscriptions_plan_idx \(plan_id=\?\)/],
    [/SCAN p\b/],
  ],
  [
    'failed awaiting',
    FAILED_AWAITING_SQL,
    [
      /SEARCH report_failed_invoices USING COVERING INDEX report_failed_invoices_status_idx \(status=\? AND currency=\?\)/,
    ],
    [/SCAN/],
  ],
  [
    'trials ending',
    TRIALS_ENDING_SQL,
    [
      /SEARCH s USING INDEX subscriptions_due_idx \(status=\? AND current_period_end>\? AND current_period_end<\?\)/,
    ],
    [],
  ],
  ['cards expiring', CARDS_EXPIRING_SQL, [/payment_methods/], []],
];

describe('report queries keep their indexes', () => {
  it.each(cases)('%s', (_name, sql, must, mustNot) => {
    const p = plan(sql);
    for (const re of must) expect(p, p).toMatch(re);
    for (const re of mustNot) expect(p, p).not.toMatch(re);
  });

  it('the members report of one plan runs only queries checked above', () => {
    // Its monthly figures come from the plan's MRR summary, not from subscriptions or invoices.
    const fresh = openDatabase({ file: ':memory:', migrationsFolder: MIGRATIONS });
    try {
      const prepare = fresh.sqlite.prepare.bind(fresh.sqlite);
      const prepared: string[] = [];
      vi.spyOn(fresh.sqlite, 'prepare').mockImplementation(((sql: string) => {
        prepared.push(sql);
        return prepare(sql);
      }) as typeof fresh.sqlite.prepare);
      membersReport(fresh.sqlite, {
        from: '2025-01-01',
        to: '2025-12-31',
        currency: 'USD',
        today: '2025-06-15',
        planId: 1,
      });
      expect(new Set(prepared)).toEqual(
        new Set([SUBSCRIPTIONS_BY_PLAN_SQL, MRR_PLAN_MONTHS_SQL, COHORT_SQL]),
      );
    } finally {
      fresh.close();
    }
  });

  it('MRR on a day reads one month of changes by day', () => {
    const p = plan(MRR_WITHIN_SQL);
    expect(p).toMatch(
      /SEARCH report_mrr_changes USING INDEX report_mrr_changes_day_idx \(day>\? AND day<\?\)/,
    );
  });

  it('the MRR view behind the subscription trigger reads one subscription by its key', () => {
    const p = plan(`SELECT mrr FROM report_subscription_mrr WHERE id = ?`);
    expect(p).toMatch(/SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).not.toMatch(/SCAN s\b/);
  });

  it('the subscription trigger finds the last change, its MRR and plan, by the subscription', () => {
    // report_subscriptions_au of migration mrr_plans, with parameters for new.*.
    const p = plan(
      `SELECT v.mrr - coalesce(p.mrr, 0), coalesce(p.plan_id, ?) FROM report_subscription_mrr v
       LEFT JOIN (SELECT c.mrr, c.plan_id FROM report_mrr_changes c WHERE c.subscription_id = ? ORDER BY c.id DESC LIMIT 1) p ON true
       WHERE v.id = ?`,
    );
    expect(p).toMatch(/SEARCH c USING INDEX report_mrr_changes_sub_idx \(subscription_id=\?\)/);
    expect(p).toMatch(/SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).not.toMatch(/SCAN (s|c)\b/);
  });

  it('drill-down into one plan’s movements reads that plan’s member months by month', () => {
    const p = plan(
      `SELECT count(*) FROM report_mrr_plan_movements x WHERE x.plan_id = ? AND x.month BETWEEN ? AND ? AND x.currency = ? AND x.moved_out_mrr > 0`,
    );
    expect(p).toMatch(
      /SEARCH report_mrr_plan_member_months USING INDEX report_mrr_plan_member_months_plan_idx \(plan_id=\? AND month>\? AND month<\?\)/,
    );
  });

  it('drill-down into payments reads them by settled time', () => {
    const p = plan(
      `SELECT count(*) FROM payments x WHERE x.status = 'succeeded' AND x.settled_at >= ? AND x.settled_at < ?`,
    );
    expect(p).toMatch(/report_payments_settled_idx \(settled_at>\? AND settled_at<\?\)/);
  });
});
