import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { couponRedemptions, coupons, paymentLinks, payments, sales } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { getInvoiceRow } from '../invoices/repo';
import { closeInvoice, issueCreditNote } from '../invoices/settle';
import { SECRET_KEY } from '../payments/access';
import { pollPaymentLink } from '../payments/links';
import type { DueJob } from '../scheduler';
import { getSubscriptionRow } from '../subscriptions/repo';
import { transition } from '../subscriptions/state';
import { getSaleRow, type SaleRow } from './repo';

const cardChargeInFlight = (tx: Tx, invoiceId: number | null) =>
  invoiceId !== null &&
  Boolean(
    tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'pending')))
      .get(),
  );

/** Gives the coupon's redemption back: the sale that used it never happened. */
function releaseCoupon(tx: Tx, ctx: Ctx, sub: ReturnType<typeof getSubscriptionRow>, today: string) {
  if (!sub.couponId) return;
  const redemption = tx
    .select()
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.couponId, sub.couponId), eq(couponRedemptions.subscriptionId, sub.id)))
    .get();
  if (!redemption) return;
  tx.delete(couponRedemptions).where(eq(couponRedemptions.id, redemption.id)).run();
  const coupon = tx
    .update(coupons)
    .set({ redemptions: sql`max(${coupons.redemptions} - 1, 0)` })
    .where(eq(coupons.id, sub.couponId))
    .returning({ code: coupons.code })
    .get()!;
  recordEvent(tx, ctx, {
    type: 'coupon.released',
    effectiveDate: today,
    subscriptionId: sub.id,
    memberId: sub.memberId,
    data: { code: coupon.code },
  });
  ctx.changed('coupons', [sub.couponId]);
}

/**
 * Ends an unpaid sale (canceled at the desk, or 23 hours passed), in one transaction: the subscription
 * becomes `incomplete_expired`, the invoice is voided (money already on it goes to the member's
 * balance through a credit note instead) and the coupon redemption is released.
 */
export function endSale(
  tx: Tx,
  ctx: Ctx,
  saleId: number,
  status: 'expired' | 'canceled',
  reason: string,
): SaleRow {
  const sale = getSaleRow(tx, saleId);
  if (sale.status !== 'open') {
    throw new AppError(
      'CONFLICT',
      sale.status === 'completed'
        ? 'This sale is already paid: cancel the subscription instead.'
        : 'This sale has already ended.',
    );
  }
  if (cardChargeInFlight(tx, sale.invoiceId)) {
    throw new AppError(
      'CONFLICT',
      'A card charge for this sale is on its way. Wait for its answer before ending the sale.',
    );
  }
  const today = businessToday(tx, ctx.now());
  const sub = getSubscriptionRow(tx, sale.subscriptionId);
  // First the subscription, so nothing below (a credit note settling the invoice) can activate it.
  if (sub.status === 'incomplete') {
    transition(
      tx,
      ctx,
      sub,
      'incomplete_expired',
      {
        type: 'subscription.incomplete_expired',
        effectiveDate: today,
        invoiceId: sale.invoiceId,
        data: { reason },
      },
      { endedOn: today },
    );
  }
  if (sale.invoiceId) {
    const invoice = getInvoiceRow(tx, sale.invoiceId);
    if (invoice.status === 'open') {
      if (invoice.amountPaid === 0) closeInvoice(tx, ctx, invoice.id, 'void', reason);
      else issueCreditNote(tx, ctx, invoice.id, invoice.total - invoice.amountCredited, reason);
    }
  }
  releaseCoupon(tx, ctx, sub, today);
  const ended = tx
    .update(sales)
    .set({ status, endedAt: ctx.nowIso(), endReason: reason })
    .where(eq(sales.id, saleId))
    .returning()
    .get()!;
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: status === 'canceled' ? 'sale canceled' : 'sale expired unpaid',
    after: { sale: saleId, reason },
  });
  ctx.changed('sales', [saleId]);
  ctx.changed('subscriptions', [sub.id]);
  return ended;
}

/** Asks Stripe about the sale's open payment page, so a member who paid at the last minute is not voided. */
async function pollOpenLinks(ctx: Ctx, invoiceId: number | null): Promise<void> {
  if (invoiceId === null || !ctx.ports.cardGateway || !ctx.ports.secrets.get(SECRET_KEY)) return;
  const open = ctx.db
    .select({ id: paymentLinks.id })
    .from(paymentLinks)
    .where(and(eq(paymentLinks.invoiceId, invoiceId), eq(paymentLinks.status, 'open')))
    .all();
  for (const link of open) await pollPaymentLink(ctx, link.id);
}

/** Scheduler job: every sale still unpaid 23 hours after it was made ends by itself. */
export async function expireUnpaidSales(ctx: Ctx): Promise<number> {
  const due = ctx.db
    .select({ id: sales.id, invoiceId: sales.invoiceId })
    .from(sales)
    .where(and(eq(sales.status, 'open'), lte(sales.expiresAt, ctx.nowIso())))
    .orderBy(asc(sales.id))
    .all();
  let done = 0;
  for (const sale of due) {
    try {
      await pollOpenLinks(ctx, sale.invoiceId);
    } catch (e) {
      // Stripe unreachable: the member may have paid there; try again on the next run.
      ctx.ports.logger.warn('Could not check a sale’s payment page; it ends on a later run', {
        saleId: sale.id,
        error: e instanceof Error ? e.message : String(e),
      });
      continue;
    }
    const ended = ctx.write((tx) => {
      const fresh = getSaleRow(tx, sale.id);
      // Paid meanwhile, or a charge still waiting for its answer (recovery settles it first).
      if (fresh.status !== 'open' || cardChargeInFlight(tx, fresh.invoiceId)) return false;
      endSale(tx, ctx, sale.id, 'expired', 'not paid within 23 hours');
      return true;
    });
    if (ended) done++;
  }
  return done;
}

export const saleJobs: DueJob[] = [{ name: 'sales: end those left unpaid', run: expireUnpaidSales }];
