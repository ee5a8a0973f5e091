import { eq } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { invoices, payments, plans, subscriptions } from '../../../db/schema';
import type { Ctx } from '../context';
import { messageFormat } from './format';
import { notifyMember } from './notify';

const METHOD_WORDS: Record<string, string> = {
  card: 'card',
  cash: 'cash',
  bank_transfer: 'bank transfer',
  card_terminal: 'card at the desk',
  other: 'payment',
};

/**
 * The receipt for a payment that succeeded (card, payment link or desk), with the receipt PDF, in
 * the transaction that records the payment. The cause is the payment: one receipt each.
 */
export function notifyPaymentReceived(tx: Tx, ctx: Ctx, paymentId: number): number {
  const payment = tx.select().from(payments).where(eq(payments.id, paymentId)).get();
  if (!payment || payment.status !== 'succeeded') return 0;
  const invoice = payment.invoiceId
    ? tx.select().from(invoices).where(eq(invoices.id, payment.invoiceId)).get()
    : undefined;
  const plan = invoice?.subscriptionId ? planOfSubscription(tx, invoice.subscriptionId) : undefined;
  const f = messageFormat(tx);
  return notifyMember(tx, ctx, {
    topic: 'payment_received',
    memberId: payment.memberId,
    causeKey: `payment:${payment.id}`,
    vars: {
      amount: f.money(payment.amount, payment.currency),
      paymentMethod: METHOD_WORDS[payment.method] ?? payment.method,
      paymentDate: f.date(payment.settledAt ?? payment.createdAt),
      'invoice.number': invoice?.number ?? '',
      'plan.name': plan?.name ?? '',
    },
    attachments: [{ kind: 'receipt', id: payment.id }],
  });
}

const planOfSubscription = (tx: Tx, subscriptionId: number) =>
  tx
    .select({ name: plans.name, interval: plans.interval, intervalCount: plans.intervalCount })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.id, subscriptionId))
    .get();

/**
 * Started, paused, resumed, cancelled: fired by the subscription actions in their transactions. A
 * scheduled cancellation and its taking effect share one cause, so the member hears it once.
 */
export function notifySubscriptionChange(
  tx: Tx,
  ctx: Ctx,
  topic: 'subscription_started' | 'subscription_paused' | 'subscription_resumed' | 'subscription_cancelled',
  subscriptionId: number,
): number {
  const row = tx
    .select({ sub: subscriptions, plan: plans })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.id, subscriptionId))
    .get();
  // A desk sale waits for its first payment before the member is welcomed (H2: `incomplete`).
  if (!row || row.sub.status === 'incomplete' || row.sub.status === 'incomplete_expired') return 0;
  const { sub, plan } = row;
  const f = messageFormat(tx);
  const cause = {
    subscription_started: `subscription:${sub.id}`,
    subscription_paused: `subscription:${sub.id}:paused:${sub.pausedOn ?? ''}`,
    subscription_resumed: `subscription:${sub.id}:resumed:${sub.currentPeriodEnd}`,
    subscription_cancelled: `subscription:${sub.id}:cancelled`,
  }[topic];
  return notifyMember(tx, ctx, {
    topic,
    memberId: sub.memberId,
    causeKey: cause,
    vars: {
      'plan.name': plan.name,
      startDate: f.date(sub.startDate),
      price: f.price(sub.price, sub.currency, plan.interval, plan.intervalCount),
      renewalDate: f.date(sub.currentPeriodEnd),
      resumeDate: sub.resumeOn ? f.date(sub.resumeOn) : '',
      endDate: f.date(sub.endedOn ?? sub.currentPeriodEnd),
    },
  });
}
