import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Summary tables for reports (DESIGN §12). They are written by SQL triggers (migration
 * `reports_triggers`) in the same transaction as the rows they summarize, whoever writes those rows,
 * and `electron/core/reports/summaries.ts` can rebuild them from scratch (a test proves both agree).
 */

/** The business zone's UTC offset from each instant on, so triggers can tell the business day of a time. */
export const reportZone = sqliteTable('report_zone', {
  fromUtc: text('from_utc').primaryKey(),
  offsetMinutes: integer('offset_minutes').notNull(),
});

/** Small key/value state of the report summaries (which zone report_zone was filled for). */
export const reportState = sqliteTable('report_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Money per business day: invoiced (finalized, not void, per line), collected (succeeded payments),
 * refunded (succeeded refunds) and credited (credit notes, spread over the invoice's lines).
 * Missing dimensions are 0 / '' so the unique key holds.
 */
export const reportDays = sqliteTable(
  'report_days',
  {
    day: text('day').notNull(),
    kind: text('kind', { enum: ['invoiced', 'collected', 'refunded', 'credited'] }).notNull(),
    currency: text('currency').notNull(),
    planId: integer('plan_id').notNull(),
    method: text('method').notNull(),
    operatorId: integer('operator_id').notNull(),
    taxRateId: integer('tax_rate_id').notNull(),
    taxBps: integer('tax_bps').notNull(),
    n: integer('n').notNull(),
    /** Minor units: the total including tax. */
    amount: integer('amount').notNull(),
    tax: integer('tax').notNull(),
  },
  (t) => [
    uniqueIndex('report_days_key').on(
      t.day,
      t.kind,
      t.currency,
      t.planId,
      t.method,
      t.operatorId,
      t.taxRateId,
      t.taxBps,
    ),
  ],
);

/** Every change of a subscription's MRR (ChartMogul's normalization), on the business day it happened. */
export const reportMrrChanges = sqliteTable(
  'report_mrr_changes',
  {
    id: integer('id').primaryKey(),
    subscriptionId: integer('subscription_id').notNull(),
    memberId: integer('member_id').notNull(),
    currency: text('currency').notNull(),
    day: text('day').notNull(),
    month: text('month').notNull(),
    /** The subscription's MRR after the change, and the change itself (minor units per month). */
    mrr: integer('mrr').notNull(),
    delta: integer('delta').notNull(),
    /**
     * The plan the MRR after the change counts under, and the one its MRR before the change counted
     * under (the previous change's `plan_id`): equal unless the change moved the subscription to
     * another plan. A plan's MRR change is then `(plan_id = P) × mrr − (prev_plan_id = P) × (mrr − delta)`.
     */
    planId: integer('plan_id').notNull().default(0),
    prevPlanId: integer('prev_plan_id').notNull().default(0),
  },
  (t) => [
    index('report_mrr_changes_sub_idx').on(t.subscriptionId, t.id),
    index('report_mrr_changes_day_idx').on(t.day),
  ],
);

/** A member's MRR at the start and end of each month in which it changed: the unit of a movement. */
export const reportMrrMemberMonths = sqliteTable(
  'report_mrr_member_months',
  {
    memberId: integer('member_id').notNull(),
    currency: text('currency').notNull(),
    month: text('month').notNull(),
    /** The member's first month with MRR: their retention cohort. */
    firstMonth: text('first_month').notNull(),
    /** Whether the member had MRR before this month (a return is a reactivation, not new business). */
    seenBefore: integer('seen_before').notNull(),
    mrrStart: integer('mrr_start').notNull(),
    mrrEnd: integer('mrr_end').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.currency, t.month] }),
    index('report_mrr_member_months_month_idx').on(t.month),
    index('report_mrr_member_months_cohort_idx').on(t.firstMonth, t.month),
  ],
);

/** MRR movements per month (sums of the member months), so the MRR chart reads 12–40 rows. */
export const reportMrrMonths = sqliteTable(
  'report_mrr_months',
  {
    month: text('month').notNull(),
    currency: text('currency').notNull(),
    newMrr: integer('new_mrr').notNull().default(0),
    expansionMrr: integer('expansion_mrr').notNull().default(0),
    contractionMrr: integer('contraction_mrr').notNull().default(0),
    churnMrr: integer('churn_mrr').notNull().default(0),
    reactivationMrr: integer('reactivation_mrr').notNull().default(0),
    newCustomers: integer('new_customers').notNull().default(0),
    reactivatedCustomers: integer('reactivated_customers').notNull().default(0),
    churnedCustomers: integer('churned_customers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.currency] })],
);

/**
 * A member's MRR on one plan at the start and end of each month in which it changed (ChartMogul's
 * plan filter): the unit of a plan's movements. `moved` is the MRR that came from (positive) or went
 * to (negative) another plan this month with a live subscription changing plans; the rest is the
 * member's own new, expansion, contraction, churn or reactivation on this plan
 * (view `report_mrr_plan_movements`, migration `mrr_plans`).
 */
export const reportMrrPlanMemberMonths = sqliteTable(
  'report_mrr_plan_member_months',
  {
    memberId: integer('member_id').notNull(),
    currency: text('currency').notNull(),
    planId: integer('plan_id').notNull(),
    month: text('month').notNull(),
    /** Whether the member had MRR on this plan before this month (a return is a reactivation). */
    seenBefore: integer('seen_before').notNull(),
    mrrStart: integer('mrr_start').notNull(),
    mrrEnd: integer('mrr_end').notNull(),
    moved: integer('moved').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.currency, t.planId, t.month] }),
    index('report_mrr_plan_member_months_plan_idx').on(t.planId, t.month),
  ],
);

/** One plan's MRR movements per month (sums of its member months), so a filtered chart reads tens of rows. */
export const reportMrrPlanMonths = sqliteTable(
  'report_mrr_plan_months',
  {
    planId: integer('plan_id').notNull(),
    currency: text('currency').notNull(),
    month: text('month').notNull(),
    newMrr: integer('new_mrr').notNull().default(0),
    expansionMrr: integer('expansion_mrr').notNull().default(0),
    contractionMrr: integer('contraction_mrr').notNull().default(0),
    churnMrr: integer('churn_mrr').notNull().default(0),
    reactivationMrr: integer('reactivation_mrr').notNull().default(0),
    movedInMrr: integer('moved_in_mrr').notNull().default(0),
    movedOutMrr: integer('moved_out_mrr').notNull().default(0),
    newCustomers: integer('new_customers').notNull().default(0),
    reactivatedCustomers: integer('reactivated_customers').notNull().default(0),
    churnedCustomers: integer('churned_customers').notNull().default(0),
    movedInCustomers: integer('moved_in_customers').notNull().default(0),
    movedOutCustomers: integer('moved_out_customers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.planId, t.currency, t.month] })],
);
