import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { invoices, subscriptions } from './billing';
import { members } from './members';
import { operators } from './operators';

/**
 * A membership sold at the desk (one checkout): the subscription it started and the invoice of its
 * first period. It stays `open` until the first payment is in (or the desk chose "pay later"); one
 * left open for 23 hours ends by itself (`expired`), like Stripe's incomplete subscriptions.
 */
export const sales = sqliteTable(
  'sales',
  {
    id: integer('id').primaryKey(),
    /** Sent by the desk with the sale: the same key twice (a double click) is the same sale. */
    requestKey: text('request_key').notNull().unique(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    /** Null for a trial: nothing is invoiced until it ends. */
    invoiceId: integer('invoice_id').references(() => invoices.id),
    status: text('status', { enum: ['open', 'completed', 'expired', 'canceled'] }).notNull(),
    /** How a completed sale was settled. */
    outcome: text('outcome', { enum: ['paid', 'pay_later', 'trial', 'free'] }),
    /** The instant an open sale ends by itself. */
    expiresAt: text('expires_at').notNull(),
    operatorId: integer('operator_id').references(() => operators.id),
    createdAt: text('created_at').notNull(),
    completedAt: text('completed_at'),
    endedAt: text('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [
    index('sales_open_idx').on(t.status, t.expiresAt),
    index('sales_invoice_idx').on(t.invoiceId),
    index('sales_member_idx').on(t.memberId),
  ],
);
