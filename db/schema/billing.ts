import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from './members';
import { operators } from './operators';

/** Named tax rates in basis points (2000 = 20%), inclusive (price contains tax) or exclusive. */
export const taxRates = sqliteTable('tax_rates', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  rateBps: integer('rate_bps').notNull(),
  inclusive: integer('inclusive', { mode: 'boolean' }).notNull(),
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  status: text('status', { enum: ['active', 'archived'] })
    .notNull()
    .default('active'),
  createdAt: text('created_at').notNull(),
});

export const plans = sqliteTable('plans', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  /** Minor units of `currency` per interval. */
  price: integer('price').notNull(),
  currency: text('currency').notNull(),
  interval: text('interval', { enum: ['day', 'week', 'month', 'year'] }).notNull(),
  intervalCount: integer('interval_count').notNull(),
  trialDays: integer('trial_days').notNull().default(0),
  setupFee: integer('setup_fee').notNull().default(0),
  /** Null: the default tax rate at billing time (if any). */
  taxRateId: integer('tax_rate_id').references(() => taxRates.id),
  /** JSON array of feature lines shown to members. */
  features: text('features').notNull().default('[]'),
  /** JSON array of `{metric, included, overageUnitPrice}`. */
  usage: text('usage').notNull().default('[]'),
  minimumTermCycles: integer('minimum_term_cycles').notNull().default(0),
  termEnd: text('term_end', { enum: ['renew', 'expire'] })
    .notNull()
    .default('renew'),
  refundPolicy: text('refund_policy', { enum: ['none', 'prorated', 'full_within_days'] })
    .notNull()
    .default('none'),
  refundDays: integer('refund_days').notNull().default(0),
  pausable: integer('pausable', { mode: 'boolean' }).notNull().default(true),
  graceDays: integer('grace_days').notNull().default(7),
  status: text('status', { enum: ['active', 'archived'] })
    .notNull()
    .default('active'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const coupons = sqliteTable('coupons', {
  id: integer('id').primaryKey(),
  /** Upper-cased, unique. */
  code: text('code').notNull().unique(),
  kind: text('kind', { enum: ['percent', 'fixed'] }).notNull(),
  /** Percent in basis points (1500 = 15%) for `percent`. */
  percentBps: integer('percent_bps'),
  /** Minor units for `fixed`. */
  amountOff: integer('amount_off'),
  currency: text('currency'),
  duration: text('duration', { enum: ['once', 'repeating', 'forever'] }).notNull(),
  durationCycles: integer('duration_cycles'),
  maxRedemptions: integer('max_redemptions'),
  redemptions: integer('redemptions').notNull().default(0),
  /** Last calendar day it can be redeemed. */
  expiresOn: text('expires_on'),
  status: text('status', { enum: ['active', 'archived'] })
    .notNull()
    .default('active'),
  createdAt: text('created_at').notNull(),
});

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    status: text('status', {
      // `incomplete`: sold at the desk, first payment not in yet; `incomplete_expired`: never paid.
      enum: [
        'incomplete',
        'incomplete_expired',
        'trialing',
        'active',
        'past_due',
        'unpaid',
        'paused',
        'canceled',
        'expired',
      ],
    }).notNull(),
    collection: text('collection', { enum: ['automatic', 'manual'] }).notNull(),
    /** Price per period, copied from the plan; a plan price change reaches it only when asked. */
    price: integer('price').notNull(),
    currency: text('currency').notNull(),
    startDate: text('start_date').notNull(),
    trialEnd: text('trial_end'),
    /**
     * Periods are computed from the anchor, never chained (DESIGN §5): boundary n is anchor + n
     * intervals, with the anchor's day of month clamped to each month's end.
     */
    anchorDate: text('anchor_date').notNull(),
    anchorDay: integer('anchor_day').notNull(),
    /** The period index that starts on the anchor date (a pause re-anchors and keeps counting). */
    anchorIndex: integer('anchor_index').notNull().default(0),
    /** Index of the current period; its bounds follow from the anchor. */
    periodIndex: integer('period_index').notNull().default(0),
    currentPeriodStart: text('current_period_start').notNull(),
    currentPeriodEnd: text('current_period_end').notNull(),
    billingDay: integer('billing_day'),
    /** Full periods invoiced so far, for minimum terms and repeating coupons. */
    cyclesBilled: integer('cycles_billed').notNull().default(0),
    couponId: integer('coupon_id').references(() => coupons.id),
    couponCyclesUsed: integer('coupon_cycles_used').notNull().default(0),
    cancelAtPeriodEnd: integer('cancel_at_period_end', { mode: 'boolean' }).notNull().default(false),
    cancelReason: text('cancel_reason'),
    canceledAt: text('canceled_at'),
    endedOn: text('ended_on'),
    pendingPlanId: integer('pending_plan_id').references(() => plans.id),
    pausedOn: text('paused_on'),
    resumeOn: text('resume_on'),
    pauseReason: text('pause_reason'),
    pastDueSince: text('past_due_since'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('subscriptions_member_idx').on(t.memberId),
    index('subscriptions_due_idx').on(t.status, t.currentPeriodEnd),
    index('subscriptions_plan_idx').on(t.planId, t.status),
  ],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey(),
    /** Given at finalization from a gapless sequence; null while draft. */
    number: text('number').unique(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    subscriptionId: integer('subscription_id').references(() => subscriptions.id),
    status: text('status', { enum: ['draft', 'open', 'paid', 'void', 'uncollectible'] }).notNull(),
    reason: text('reason', {
      enum: ['subscription_create', 'subscription_cycle', 'subscription_update', 'manual'],
    }).notNull(),
    currency: text('currency').notNull(),
    subtotal: integer('subtotal').notNull().default(0),
    discountTotal: integer('discount_total').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    total: integer('total').notNull().default(0),
    balanceApplied: integer('balance_applied').notNull().default(0),
    amountPaid: integer('amount_paid').notNull().default(0),
    amountRefunded: integer('amount_refunded').notNull().default(0),
    /** Credit notes issued against this invoice while it was still due reduce what is owed. */
    amountCredited: integer('amount_credited').notNull().default(0),
    issueDate: text('issue_date'),
    dueDate: text('due_date'),
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    /** JSON snapshots taken at finalization: what the invoice says never changes afterwards. */
    memberSnapshot: text('member_snapshot'),
    businessSnapshot: text('business_snapshot'),
    memo: text('memo'),
    /**
     * One invoice per subscription period and purpose (`cycle:<sub>:<periodStart>`): the unique index
     * is what makes "no period is billed twice" hold even if two runs race.
     */
    billingKey: text('billing_key').unique(),
    createdAt: text('created_at').notNull(),
    finalizedAt: text('finalized_at'),
    paidAt: text('paid_at'),
    voidedAt: text('voided_at'),
  },
  (t) => [
    index('invoices_member_idx').on(t.memberId, t.id),
    index('invoices_status_due_idx').on(t.status, t.dueDate),
    index('invoices_subscription_idx').on(t.subscriptionId, t.status, t.dueDate),
  ],
);

export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey(),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    kind: text('kind', { enum: ['plan', 'proration', 'setup_fee', 'usage', 'custom'] }).notNull(),
    description: text('description').notNull(),
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    quantity: integer('quantity').notNull(),
    unitAmount: integer('unit_amount').notNull(),
    /** quantity × unit amount, before discount and (exclusive) tax. */
    amount: integer('amount').notNull(),
    discountAmount: integer('discount_amount').notNull().default(0),
    taxRateId: integer('tax_rate_id'),
    taxName: text('tax_name'),
    taxRateBps: integer('tax_rate_bps').notNull().default(0),
    taxInclusive: integer('tax_inclusive', { mode: 'boolean' }).notNull().default(false),
    taxAmount: integer('tax_amount').notNull().default(0),
    /** What the line adds to the invoice total: amount − discount (+ tax when exclusive). */
    total: integer('total').notNull(),
    planId: integer('plan_id'),
  },
  (t) => [index('invoice_lines_invoice_idx').on(t.invoiceId)],
);

export const creditNotes = sqliteTable(
  'credit_notes',
  {
    id: integer('id').primaryKey(),
    number: text('number').notNull().unique(),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    /** Where the credit went: the member's balance, or money back (refunds, next release). */
    destination: text('destination', { enum: ['balance', 'refund'] }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('credit_notes_invoice_idx').on(t.invoiceId)],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey(),
    invoiceId: integer('invoice_id').references(() => invoices.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    method: text('method', { enum: ['cash', 'bank_transfer', 'card_terminal', 'other', 'card'] }).notNull(),
    /**
     * `pending` from before the gateway is called until its answer is recorded (DESIGN §6);
     * `requires_action` when the bank wants the member to confirm (SCA).
     */
    status: text('status', { enum: ['pending', 'succeeded', 'failed', 'requires_action'] }).notNull(),
    /** Which try at collecting this invoice (1, 2, …): part of the idempotency key. */
    attempt: integer('attempt').notNull().default(1),
    paymentMethodId: integer('payment_method_id'),
    declineCode: text('decline_code'),
    amountRefunded: integer('amount_refunded').notNull().default(0),
    reference: text('reference'),
    /** Persisted before any gateway call (DESIGN §6). */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    gatewayId: text('gateway_id'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    operatorId: integer('operator_id').references(() => operators.id),
    createdAt: text('created_at').notNull(),
    settledAt: text('settled_at'),
  },
  (t) => [index('payments_invoice_idx').on(t.invoiceId), index('payments_member_idx').on(t.memberId, t.id)],
);

/** The member's credit balance as a ledger: positive = credit the business owes the member. */
export const balanceEntries = sqliteTable(
  'balance_entries',
  {
    id: integer('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    invoiceId: integer('invoice_id'),
    paymentId: integer('payment_id'),
    creditNoteId: integer('credit_note_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('balance_entries_member_idx').on(t.memberId)],
);

export const usageRecords = sqliteTable(
  'usage_records',
  {
    id: integer('id').primaryKey(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    metric: text('metric').notNull(),
    quantity: integer('quantity').notNull(),
    /** The calendar day it happened, in the business's zone. */
    usageDate: text('usage_date').notNull(),
    /** Set when billed, so usage is never billed twice. */
    invoiceId: integer('invoice_id').references(() => invoices.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('usage_subscription_idx').on(t.subscriptionId, t.metric, t.usageDate)],
);

/** Every subscription transition and billing fact, in order: the subscription's timeline. */
export const billingEvents = sqliteTable(
  'billing_events',
  {
    id: integer('id').primaryKey(),
    type: text('type').notNull(),
    subscriptionId: integer('subscription_id'),
    memberId: integer('member_id'),
    invoiceId: integer('invoice_id'),
    /** The billing date it belongs to (business zone). */
    effectiveDate: text('effective_date').notNull(),
    data: text('data').notNull().default('{}'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('billing_events_subscription_idx').on(t.subscriptionId, t.id),
    index('billing_events_member_idx').on(t.memberId, t.id),
  ],
);

export const couponRedemptions = sqliteTable(
  'coupon_redemptions',
  {
    id: integer('id').primaryKey(),
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id),
    subscriptionId: integer('subscription_id').references(() => subscriptions.id),
    memberId: integer('member_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('coupon_redemptions_unique').on(t.couponId, t.subscriptionId)],
);
