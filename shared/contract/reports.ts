import { z } from 'zod';
import { channel } from './define';
import { calendarDate, id } from './common';

/**
 * Reports (DESIGN §12): read-only channels, each answering one question for a range of calendar
 * days in the business's zone. Money is in minor units; the renderer formats. Every figure that
 * stands for records carries a `DrillRef`, which `reports.drill` turns into those records.
 */

const MAX_YEARS = 10;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** Why a `{from, to}` range is refused, or null: the end may not come first nor pass 10 years. */
export function rangeProblem(from: string, to: string): string | null {
  if (to < from) return 'The end date is before the start date';
  if (daysBetween(from, to) > MAX_YEARS * 366) return `Choose a range of at most ${MAX_YEARS} years`;
  return null;
}

export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'card_terminal', 'other', 'card'] as const;
export type ReportPaymentMethod = (typeof PAYMENT_METHODS)[number];

const filters = {
  planId: id.optional(),
  method: z.enum(PAYMENT_METHODS, { error: 'Choose a payment method from the list' }).optional(),
  operatorId: id.optional(),
};

const withRange = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ from: calendarDate, to: calendarDate, ...shape }).superRefine((r, ctx) => {
    const { from, to } = r as { from: string; to: string };
    const problem = rangeProblem(from, to);
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
  });

export const revenueInput = withRange({
  ...filters,
  groupBy: z.enum(['day', 'week', 'month']).default('month'),
});
/** `planId`: one plan's MRR (ChartMogul's plan filter), with moves between plans as moved in and out. */
export const mrrInput = withRange({ planId: filters.planId });
export const membersReportInput = withRange({ planId: filters.planId });
export const failedPaymentsInput = withRange({ planId: filters.planId });
export const receivablesInput = withRange({
  planId: filters.planId,
  /** Members listed, those who owe most first (the buckets always count everyone). */
  limit: z.number().int().min(1).max(100_000).default(500),
});
export const taxReportInput = withRange({});
export const endOfDayInput = withRange({
  operatorId: filters.operatorId,
  /** Cash in the drawer when the day began (the float). */
  openingCash: z.number().int().min(0).max(100_000_000).default(0),
});

export const DRILL_KINDS = [
  'invoices',
  'payments',
  'refunds',
  'creditNotes',
  'members',
  'failedPayments',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** Which records stand behind a figure. */
export const drillRef = z.object({
  kind: z.enum(DRILL_KINDS),
  from: calendarDate,
  to: calendarDate,
  planId: id.optional(),
  method: filters.method,
  operatorId: id.optional(),
  /** Narrower sets: e.g. members `new` in the range, payments `cash`, failed payments `recovered`. */
  segment: z
    .enum([
      'new',
      'reactivated',
      'churned',
      'expansion',
      'contraction',
      'movedIn',
      'movedOut',
      'recovered',
      'lost',
      'pending',
      'overdue',
      'b0',
      'b30',
      'b60',
      'b90',
    ])
    .optional(),
  reason: z.string().max(100).optional(),
});
export type DrillRef = z.infer<typeof drillRef>;

export const drillInput = z.object({
  ref: drillRef,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

/** One record behind a figure, enough for a row and a link. */
export interface DrillItem {
  /** Invoice, payment, refund, credit note or member id. */
  id: number;
  /** Where the row leads in the app, e.g. `/invoices/12`. */
  to: string;
  date: string;
  label: string;
  memberId: number | null;
  memberName: string;
  amount: number | null;
  currency: string;
  status: string;
}

export interface MoneyPeriod {
  /** First day of the bucket (day, ISO week Monday, or month). */
  start: string;
  invoiced: number;
  credited: number;
  collected: number;
  refunded: number;
  /** Collected − refunded. */
  net: number;
}

export interface RevenueReport {
  currency: string;
  groupBy: 'day' | 'week' | 'month';
  periods: MoneyPeriod[];
  totals: Omit<MoneyPeriod, 'start'>;
  byPlan: Array<{
    planId: number | null;
    name: string;
    invoiced: number;
    collected: number;
    refunded: number;
  }>;
  byMethod: Array<{ method: string; collected: number; refunded: number; payments: number }>;
}

export interface MrrMonth {
  month: string;
  mrrStart: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
  /**
   * With a plan filter: MRR of live subscriptions that moved to this plan from another, and from this
   * plan to another. Always 0 without a filter, where a change of plan is expansion or contraction.
   * mrrEnd = mrrStart + new + expansion + reactivation + movedIn − contraction − churn − movedOut.
   */
  movedIn: number;
  movedOut: number;
  mrrEnd: number;
  customers: number;
}

export interface MrrReport {
  currency: string;
  months: MrrMonth[];
  /** MRR at the end of the range (or today, if sooner). */
  mrr: number;
  arr: number;
  customers: number;
  /** ARPU: MRR ÷ paying customers. */
  arpu: number;
}

export interface MembersReport {
  byPlan: Array<{
    planId: number;
    name: string;
    active: number;
    trialing: number;
    pastDue: number;
    paused: number;
  }>;
  totals: { active: number; trialing: number; pastDue: number; paused: number };
  /**
   * Paying members per month: the whole business's, or with `planId` those paying on that plan, where
   * a live subscription changing plans is moved out of one and moved into the other (always 0 without
   * a plan). customersEnd = customersStart + new + reactivated + movedIn − churned − movedOut.
   */
  months: Array<{
    month: string;
    customersStart: number;
    new: number;
    reactivated: number;
    churned: number;
    movedIn: number;
    movedOut: number;
    customersEnd: number;
    /** Stripe's churn: churned ÷ (customers at the start + new and returned), moves left out; basis points. */
    churnRateBps: number;
  }>;
  churnRateBps: number;
  /** Retention by first paying month, of the whole business: the plan filter does not apply to it. */
  cohorts: Array<{ month: string; size: number; retained: number[] }>;
}

export interface FailedPaymentsReport {
  currency: string;
  byReason: Array<{ code: string; reason: string; attempts: number; amount: number }>;
  recovered: { invoices: number; amount: number };
  lost: { invoices: number; amount: number };
  pending: { invoices: number; amount: number };
  /** Recovered ÷ (recovered + lost), in basis points; null when nothing has ended yet. */
  recoveryRateBps: number | null;
}

export interface ReceivablesReport {
  currency: string;
  asOf: string;
  buckets: { b0: number; b30: number; b60: number; b90: number; total: number };
  /** Everyone who owes something; `members` lists the first `limit` of them. */
  memberCount: number;
  members: Array<{
    memberId: number;
    name: string;
    b0: number;
    b30: number;
    b60: number;
    b90: number;
    total: number;
    invoices: number;
  }>;
}

export interface TaxRow {
  month: string;
  taxRateId: number | null;
  name: string;
  rateBps: number;
  taxable: number;
  tax: number;
  creditedTaxable: number;
  creditedTax: number;
  netTaxable: number;
  netTax: number;
}

export interface TaxReport {
  currency: string;
  rows: TaxRow[];
  totals: Omit<TaxRow, 'month' | 'taxRateId' | 'name' | 'rateBps'>;
}

export interface EndOfDayReport {
  currency: string;
  byMethod: Array<{ method: string; payments: number; amount: number; refunds: number; refunded: number }>;
  byOperator: Array<{
    operatorId: number | null;
    name: string;
    payments: number;
    amount: number;
    refunded: number;
  }>;
  totals: { payments: number; amount: number; refunds: number; refunded: number; net: number };
  cash: { opening: number; in: number; out: number; expected: number };
}

export interface Kpi {
  value: number;
  previous: number;
}

export interface DashboardReport {
  today: string;
  /** The business clock's hour (0–23), for the greeting. */
  hour: number;
  currency: string;
  monthStart: string;
  kpis: {
    mrr: Kpi;
    activeMembers: Kpi;
    newMembers: Kpi;
    churnedMembers: Kpi;
    moneyIn: Kpi;
    overdue: { value: number; invoices: number };
    failedAwaiting: { value: number; invoices: number };
  };
  revenue: Array<{ month: string; invoiced: number; collected: number; net: number }>;
  movements: Array<{
    month: string;
    new: number;
    expansion: number;
    reactivation: number;
    contraction: number;
    churn: number;
    mrr: number;
  }>;
  tasks: {
    trialsEnding: Array<{ subscriptionId: number; memberId: number; name: string; date: string }>;
    cardsExpiring: Array<{ memberId: number; name: string; label: string }>;
    debtors: { members: number; amount: number };
    heldForReview: number;
  };
}

export interface DrillPage {
  items: DrillItem[];
  /** How many records stand behind the figure (at most 10,000: `capped` says there are more). */
  total: number;
  capped: boolean;
}

/** What the filters offer: every plan (archived too, for old figures) and every operator. */
export interface ReportOptions {
  plans: Array<{ id: number; name: string; archived: boolean }>;
  operators: Array<{ id: number; name: string }>;
  currency: string;
  today: string;
}

export const reportChannels = {
  /** The business clock for any signed-in operator: the day and hour the greeting and "today" use. */
  'reports.today': channel<{ today: string; hour: number }>()(z.object({}), 'signedIn'),
  'reports.options': channel<ReportOptions>()(z.object({}), 'manager'),
  'reports.dashboard': channel<DashboardReport>()(z.object({}), 'manager'),
  'reports.revenue': channel<RevenueReport>()(revenueInput, 'manager'),
  'reports.mrr': channel<MrrReport>()(mrrInput, 'manager'),
  'reports.members': channel<MembersReport>()(membersReportInput, 'manager'),
  'reports.failedPayments': channel<FailedPaymentsReport>()(failedPaymentsInput, 'manager'),
  'reports.receivables': channel<ReceivablesReport>()(receivablesInput, 'manager'),
  'reports.tax': channel<TaxReport>()(taxReportInput, 'manager'),
  'reports.endOfDay': channel<EndOfDayReport>()(endOfDayInput, 'manager'),
  'reports.drill': channel<DrillPage>()(drillInput, 'manager'),
};
