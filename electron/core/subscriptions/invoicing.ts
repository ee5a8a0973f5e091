import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { invoices, subscriptions, usageRecords } from '../../../db/schema';
import { prorate } from '../../../shared/billing-math';
import type { Ctx } from '../context';
import { prepared } from '../prepared';
import { finalizeInvoice, insertDraft, type InvoiceRow } from '../invoices/repo';
import { settleIfPaid } from '../invoices/settle';
import type { LineSpec } from '../invoices/lines';
import { couponApplies, getCouponRow } from '../plans/coupons';
import { planUsage, type PlanRow } from '../plans/plans';
import { resolveTaxRate } from '../plans/taxes';
import type { SubscriptionRow } from './state';

export type TaxSpec = LineSpec['tax'];

export function taxOf(tx: Tx, plan: PlanRow): TaxSpec {
  const rate = resolveTaxRate(tx, plan.taxRateId);
  return rate ? { id: rate.id, name: rate.name, rateBps: rate.rateBps, inclusive: rate.inclusive } : null;
}

export interface PeriodCharge {
  periodStart: string;
  periodEnd: string;
  /** For a short first period: bill days/of of the price. */
  prorated?: { days: number; of: number } | null;
  setupFee?: boolean;
  /** Usage of the period that just ended, billed in arrears. */
  usageFrom?: { start: string; end: string } | null;
  reason: InvoiceRow['reason'];
}

/** Overage lines for usage recorded in [start, end) beyond the plan's allowance, marking it billed. */
function usageLines(tx: Tx, sub: SubscriptionRow, plan: PlanRow, start: string, end: string): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const allowance of planUsage(plan)) {
    const used = Number(
      tx
        .select({ q: sql<number>`coalesce(sum(${usageRecords.quantity}), 0)` })
        .from(usageRecords)
        .where(
          and(
            eq(usageRecords.subscriptionId, sub.id),
            eq(usageRecords.metric, allowance.metric),
            isNull(usageRecords.invoiceId),
            gte(usageRecords.usageDate, start),
            lt(usageRecords.usageDate, end),
          ),
        )
        .get()?.q ?? 0,
    );
    const over = used - allowance.included;
    if (over > 0) {
      lines.push({
        kind: 'usage',
        description: `${allowance.metric}: ${used} used, ${allowance.included} included`,
        periodStart: start,
        periodEnd: end,
        quantity: over,
        unitAmount: allowance.overageUnitPrice,
        tax: taxOf(tx, plan),
        planId: plan.id,
        discountable: false,
      });
    }
  }
  return lines;
}

/**
 * Invoices one period of a subscription and finalizes it. The billing key makes a second invoice for
 * the same period impossible (DESIGN §6): it returns null when the period was already billed.
 */
export function invoicePeriod(
  tx: Tx,
  ctx: Ctx,
  sub: SubscriptionRow,
  plan: PlanRow,
  charge: PeriodCharge,
): InvoiceRow | null {
  // Keyed by the period's index: a reactivation that starts on an old period's date is still new.
  const billingKey = `period:${sub.id}:${sub.periodIndex}`;
  const billed = prepared(tx, 'invoices.byBillingKey', (d) =>
    d
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.billingKey, sql.placeholder('key')))
      .prepare(),
  ).get({ key: billingKey });
  if (billed) return null;

  const tax = taxOf(tx, plan);
  const amount = charge.prorated ? prorate(sub.price, charge.prorated.days, charge.prorated.of) : sub.price;
  const lines: LineSpec[] = [
    {
      kind: 'plan',
      description: charge.prorated
        ? `${plan.name} (${charge.prorated.days} of ${charge.prorated.of} days)`
        : plan.name,
      periodStart: charge.periodStart,
      periodEnd: charge.periodEnd,
      quantity: 1,
      unitAmount: amount,
      tax,
      planId: plan.id,
      discountable: true,
    },
  ];
  if (charge.setupFee && plan.setupFee > 0) {
    lines.push({
      kind: 'setup_fee',
      description: `${plan.name}: setup fee`,
      quantity: 1,
      unitAmount: plan.setupFee,
      tax,
      planId: plan.id,
      discountable: false,
    });
  }
  if (charge.usageFrom && planUsage(plan).length) {
    const usage = usageLines(tx, sub, plan, charge.usageFrom.start, charge.usageFrom.end);
    lines.push(...usage);
  }
  const coupon = sub.couponId ? getCouponRow(tx, sub.couponId) : null;
  const useCoupon = coupon && couponApplies(coupon, sub.couponCyclesUsed) ? coupon : null;

  const draft = insertDraft(tx, ctx, {
    memberId: sub.memberId,
    subscriptionId: sub.id,
    reason: charge.reason,
    currency: sub.currency,
    lines,
    coupon: useCoupon,
    billingKey,
    periodStart: charge.periodStart,
    periodEnd: charge.periodEnd,
  });
  // Only plans that meter usage have records to mark (a renewal of any other plan skips the write).
  if (charge.usageFrom && planUsage(plan).length) {
    tx.update(usageRecords)
      .set({ invoiceId: draft.id })
      .where(
        and(
          eq(usageRecords.subscriptionId, sub.id),
          isNull(usageRecords.invoiceId),
          gte(usageRecords.usageDate, charge.usageFrom.start),
          lt(usageRecords.usageDate, charge.usageFrom.end),
        ),
      )
      .run();
  }
  if (useCoupon) {
    tx.update(subscriptions)
      .set({ couponCyclesUsed: sub.couponCyclesUsed + 1 })
      .where(eq(subscriptions.id, sub.id))
      .run();
  }
  finalizeInvoice(tx, ctx, draft.id);
  // A zero total (full discount, free plan) or one covered by the member's balance is paid at once.
  return settleIfPaid(tx, ctx, draft.id);
}

/** The proration pair for changing plans with `remaining` of `of` days left in the period. */
export function prorationLines(
  tx: Tx,
  from: { plan: PlanRow; price: number },
  to: { plan: PlanRow; price: number } | null,
  remaining: number,
  of: number,
  periodStart: string,
  periodEnd: string,
): LineSpec[] {
  const lines: LineSpec[] = [];
  const credit = prorate(from.price, remaining, of);
  if (credit > 0) {
    lines.push({
      kind: 'proration',
      description: `Unused time on ${from.plan.name} (${remaining} of ${of} days)`,
      periodStart,
      periodEnd,
      quantity: 1,
      unitAmount: -credit,
      tax: taxOf(tx, from.plan),
      planId: from.plan.id,
      discountable: false,
    });
  }
  if (to) {
    const charge = prorate(to.price, remaining, of);
    if (charge > 0) {
      lines.push({
        kind: 'proration',
        description: `Remaining time on ${to.plan.name} (${remaining} of ${of} days)`,
        periodStart,
        periodEnd,
        quantity: 1,
        unitAmount: charge,
        tax: taxOf(tx, to.plan),
        planId: to.plan.id,
        discountable: false,
      });
    }
  }
  return lines;
}
