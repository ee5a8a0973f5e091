import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { sales, subscriptions } from '../../../db/schema';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { notifySubscriptionChange } from '../messages/fire';
import { transition } from '../subscriptions/state';

type InvoiceLike = { id: number; subscriptionId: number | null; total: number };

/**
 * The first payment of a desk sale is in (by card, a payment link, the desk or recovery after a crash:
 * whichever recorded it calls this through `settleIfPaid`): the subscription becomes active and the
 * sale completed, in the transaction that recorded the money. Nothing else activates a sale.
 */
export function activateSale(tx: Tx, ctx: Ctx, invoice: InvoiceLike, how: 'paid' | 'pay_later'): void {
  if (!invoice.subscriptionId) return;
  const sub = tx.select().from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId)).get();
  if (!sub || sub.status !== 'incomplete') return;
  transition(tx, ctx, sub, 'active', {
    type: 'subscription.activated',
    effectiveDate: businessToday(tx, ctx.now()),
    invoiceId: invoice.id,
    data: how === 'pay_later' ? { payLater: true } : {},
  });
  // The welcome waited for the payment (nothing is sent while a sale is incomplete).
  notifySubscriptionChange(tx, ctx, 'subscription_started', sub.id);
  const outcome = how === 'pay_later' ? 'pay_later' : invoice.total === 0 ? 'free' : 'paid';
  const sale = tx
    .update(sales)
    .set({ status: 'completed', outcome, completedAt: ctx.nowIso() })
    .where(and(eq(sales.subscriptionId, sub.id), eq(sales.status, 'open')))
    .returning({ id: sales.id })
    .get();
  if (sale) ctx.changed('sales', [sale.id]);
}
