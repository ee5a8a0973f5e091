import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { invoices } from './billing';
import { members } from './members';

/**
 * How failed card payments are chased (Settings → Billing): one row (id = 1), written on first save;
 * until then the defaults in electron/core/dunning/policy.ts apply.
 */
export const dunningPolicy = sqliteTable('dunning_policy', {
  id: integer('id').primaryKey(),
  /** JSON array of days after the first decline, strictly increasing, each 1…60 (default [1,4,10]). */
  retryDays: text('retry_days').notNull(),
  /** What happens to the subscription when the last retry fails. */
  whenExhausted: text('when_exhausted', { enum: ['unpaid', 'cancel', 'past_due'] })
    .notNull()
    .default('unpaid'),
  markUncollectible: integer('mark_uncollectible', { mode: 'boolean' }).notNull().default(false),
  /** Outgoing Stripe requests per second; null = Stripe's default for the key's mode (20 test, 80 live). */
  stripeRequestsPerSecond: integer('stripe_requests_per_second'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * One invoice being chased after a declined card charge (DESIGN §11). Opened in the transaction that
 * records the first decline; each later step is its own transaction, so a repeated run finds the step
 * already taken.
 */
export const dunningCases = sqliteTable(
  'dunning_cases',
  {
    id: integer('id').primaryKey(),
    invoiceId: integer('invoice_id')
      .notNull()
      .unique()
      .references(() => invoices.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    subscriptionId: integer('subscription_id'),
    status: text('status', { enum: ['active', 'exhausted', 'recovered', 'closed'] }).notNull(),
    /** Business date of the first decline: retry days count from here. */
    startedOn: text('started_on').notNull(),
    /** Scheduled retries already made (0 … retry days). */
    step: integer('step').notNull().default(0),
    /** The next scheduled retry (or, after a hard decline, the day the case runs out); null when done. */
    nextRetryOn: text('next_retry_on'),
    /** A new card was added: retry once at the next run, outside the schedule. */
    retryNow: integer('retry_now', { mode: 'boolean' }).notNull().default(false),
    /** Stolen/lost card, do not honor, expired card: no retries on this card. */
    hardDecline: integer('hard_decline', { mode: 'boolean' }).notNull().default(false),
    /** Failures the member was told about (their cause keys are `invoice:<id>:attempt:<n>`). */
    notifiedAttempts: integer('notified_attempts').notNull().default(0),
    lastAttemptAt: text('last_attempt_at'),
    lastReason: text('last_reason'),
    endedOn: text('ended_on'),
    outcome: text('outcome'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('dunning_cases_status_idx').on(t.status, t.nextRetryOn),
    index('dunning_cases_member_idx').on(t.memberId),
  ],
);
