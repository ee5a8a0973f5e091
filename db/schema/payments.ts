import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from './members';
import { operators } from './operators';
import { creditNotes, payments } from './billing';

/** The member's customer at a card gateway (Stripe), created the first time a card is added. */
export const gatewayCustomers = sqliteTable(
  'gateway_customers',
  {
    id: integer('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    gateway: text('gateway', { enum: ['stripe'] }).notNull(),
    /** Test and live mode customers are different objects at Stripe. */
    mode: text('mode', { enum: ['test', 'live'] }).notNull(),
    customerId: text('customer_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('gateway_customers_member_idx').on(t.memberId, t.gateway, t.mode)],
);

/** Cards on file: only what the desk needs to recognise one. The card itself stays at Stripe. */
export const paymentMethods = sqliteTable(
  'payment_methods',
  {
    id: integer('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    gateway: text('gateway', { enum: ['stripe'] }).notNull(),
    mode: text('mode', { enum: ['test', 'live'] }).notNull(),
    gatewayId: text('gateway_id').notNull().unique(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: integer('exp_month').notNull(),
    expYear: integer('exp_year').notNull(),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'removed'] })
      .notNull()
      .default('active'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('payment_methods_member_idx').on(t.memberId, t.status)],
);

/** A card capture in progress (a Checkout Session in setup mode), polled until it completes or expires. */
export const cardSetups = sqliteTable(
  'card_setups',
  {
    id: integer('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    gateway: text('gateway', { enum: ['stripe'] }).notNull(),
    mode: text('mode', { enum: ['test', 'live'] }).notNull(),
    sessionId: text('session_id').notNull().unique(),
    url: text('url').notNull(),
    status: text('status', { enum: ['open', 'complete', 'expired', 'failed'] }).notNull(),
    /** Make the new card the member's default when it arrives. */
    makeDefault: integer('make_default', { mode: 'boolean' }).notNull().default(true),
    expiresAt: text('expires_at').notNull(),
    paymentMethodId: integer('payment_method_id').references(() => paymentMethods.id),
    failureMessage: text('failure_message'),
    createdAt: text('created_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('card_setups_status_idx').on(t.status)],
);

/** Money back: by card through the gateway, or recorded at the desk. Each one has a credit note. */
export const refunds = sqliteTable(
  'refunds',
  {
    id: integer('id').primaryKey(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    method: text('method', { enum: ['card', 'cash', 'bank_transfer', 'card_terminal', 'other'] }).notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    reference: text('reference'),
    /** Persisted before the gateway is called (DESIGN §6), like a charge's. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    gatewayId: text('gateway_id'),
    failureMessage: text('failure_message'),
    creditNoteId: integer('credit_note_id').references(() => creditNotes.id),
    operatorId: integer('operator_id').references(() => operators.id),
    createdAt: text('created_at').notNull(),
    settledAt: text('settled_at'),
  },
  (t) => [index('refunds_payment_idx').on(t.paymentId), index('refunds_status_idx').on(t.status)],
);

/** Small gateway bookkeeping: the events cursor, the last successful connection test. */
export const gatewayState = sqliteTable('gateway_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Things seen at the gateway that Recur could not match to its own records, listed for the owner. */
export const gatewayIssues = sqliteTable(
  'gateway_issues',
  {
    id: integer('id').primaryKey(),
    gatewayEventId: text('gateway_event_id').unique(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    data: text('data').notNull().default('{}'),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
  },
  (t) => [index('gateway_issues_open_idx').on(t.resolvedAt)],
);

/**
 * A payment the member completes themselves on Stripe's page, when their bank wants them present
 * (SCA): offered after an off-session charge came back `requires_action`, polled until paid.
 */
export const paymentLinks = sqliteTable(
  'payment_links',
  {
    id: integer('id').primaryKey(),
    invoiceId: integer('invoice_id').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The off-session attempt that needed the member. */
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => payments.id),
    mode: text('mode', { enum: ['test', 'live'] }).notNull(),
    sessionId: text('session_id').notNull().unique(),
    url: text('url').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['open', 'complete', 'expired'] }).notNull(),
    expiresAt: text('expires_at').notNull(),
    paymentId: integer('payment_id'),
    createdAt: text('created_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('payment_links_status_idx').on(t.status), index('payment_links_invoice_idx').on(t.invoiceId)],
);
