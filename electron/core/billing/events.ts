import type { Tx } from '../../../db/open';
import { billingEvents } from '../../../db/schema';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { prepared } from '../prepared';

/** The billing event types; every subscription transition writes one (DESIGN §5). */
export type BillingEventType =
  | 'subscription.created'
  | 'subscription.updated'
  | 'subscription.plan_changed'
  | 'subscription.plan_change_scheduled'
  | 'subscription.cancel_scheduled'
  | 'subscription.cancelled'
  | 'subscription.renewed'
  | 'subscription.paused'
  | 'subscription.resumed'
  | 'subscription.past_due'
  | 'subscription.unpaid'
  | 'subscription.reactivated'
  | 'subscription.expired'
  | 'subscription.term_completed'
  | 'subscription.activated'
  | 'subscription.incomplete_expired'
  | 'trial.extended'
  | 'trial.ending'
  | 'trial.ended'
  | 'invoice.created'
  | 'invoice.finalized'
  | 'invoice.paid'
  | 'invoice.failed'
  | 'invoice.overdue'
  | 'invoice.voided'
  | 'invoice.uncollectible'
  | 'payment.succeeded'
  | 'payment.failed'
  | 'credit_note.created'
  | 'balance.credited'
  | 'balance.paid_out'
  | 'coupon.redeemed'
  | 'coupon.released'
  | 'usage.recorded'
  | 'dunning.started'
  | 'dunning.retry_failed'
  | 'dunning.retry_skipped'
  | 'dunning.card_updated'
  | 'dunning.exhausted'
  | 'dunning.recovered'
  | 'dunning.ended'
  | 'dunning.reminded';

export interface BillingEventInput {
  type: BillingEventType;
  effectiveDate: string;
  subscriptionId?: number | null;
  memberId?: number | null;
  invoiceId?: number | null;
  data?: Record<string, unknown>;
}

export function recordEvent(tx: Tx, ctx: Ctx, e: BillingEventInput): void {
  // Written several times per renewal: prepared once (see prepared.ts).
  const insert = prepared(tx, 'billingEvents.insert', (d) =>
    d
      .insert(billingEvents)
      .values({
        type: sql.placeholder('type'),
        effectiveDate: sql.placeholder('effectiveDate'),
        subscriptionId: sql.placeholder('subscriptionId'),
        memberId: sql.placeholder('memberId'),
        invoiceId: sql.placeholder('invoiceId'),
        data: sql.placeholder('data'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  );
  insert.run({
    type: e.type,
    effectiveDate: e.effectiveDate,
    subscriptionId: e.subscriptionId ?? null,
    memberId: e.memberId ?? null,
    invoiceId: e.invoiceId ?? null,
    data: JSON.stringify({ by: ctx.caller?.operator.name ?? 'Recur', ...e.data }),
    createdAt: ctx.nowIso(),
  });
}
