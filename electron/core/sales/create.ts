import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { invoices, paymentMethods, sales } from '../../../db/schema';
import type { ParsedInputOf } from '../../../shared/contract';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import { auditView, insertMember, toMember } from '../members/repo';
import { getSettings } from '../settings/repo';
import { createSubscription, type ActionResult } from '../subscriptions/actions';
import type { SaleRow } from './repo';

/** Stripe ends an unpaid `incomplete` subscription after 23 hours; so does a desk sale. */
export const SALE_HOURS = 23;

export type SaleInput = ParsedInputOf<'sales.preview'>;

const hasDefaultCard = (tx: Tx, memberId: number) =>
  Boolean(
    tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.memberId, memberId),
          eq(paymentMethods.status, 'active'),
          eq(paymentMethods.isDefault, true),
        ),
      )
      .get(),
  );

/**
 * One transaction: the member (when new), the subscription — `incomplete` until paid, `trialing` for a
 * trial — its finalized first invoice and coupon redemption, and the sale that ties them together.
 * A zero invoice (a full discount, a free plan, the member's credit) is paid at once and so is the sale.
 */
export function createSale(
  tx: Tx,
  ctx: Ctx,
  input: SaleInput,
  requestKey: string,
): { sale: SaleRow; result: ActionResult } {
  let memberId = input.memberId;
  if (input.newMember) {
    const row = insertMember(tx, input.newMember, ctx.nowIso());
    recordAudit(tx, ctx, {
      entity: 'member',
      entityId: row.id,
      action: 'created',
      after: auditView(toMember(row, getSettings(tx).memberNumberPrefix)),
    });
    ctx.changed('members', [row.id]);
    memberId = row.id;
  }
  const collection = input.collection ?? (hasDefaultCard(tx, memberId!) ? 'automatic' : 'manual');
  const result = createSubscription(
    tx,
    ctx,
    {
      memberId: memberId!,
      planId: input.planId,
      startDate: input.startDate,
      billingDay: input.billingDay,
      couponCode: input.couponCode,
      collection,
    },
    { awaitPayment: true },
  );
  const sub = result.sub;
  const total = result.invoiceId
    ? (tx.select({ total: invoices.total }).from(invoices).where(eq(invoices.id, result.invoiceId)).get()
        ?.total ?? 0)
    : 0;
  const outcome =
    sub.status === 'trialing' ? 'trial' : sub.status === 'active' ? (total === 0 ? 'free' : 'paid') : null;
  const now = ctx.nowIso();
  const sale = tx
    .insert(sales)
    .values({
      requestKey,
      memberId: memberId!,
      subscriptionId: sub.id,
      invoiceId: result.invoiceId,
      status: outcome ? 'completed' : 'open',
      outcome,
      expiresAt: new Date(ctx.now().getTime() + SALE_HOURS * 3600_000).toISOString(),
      operatorId: ctx.caller?.operator.id ?? null,
      createdAt: now,
      completedAt: outcome ? now : null,
    })
    .returning()
    .get();
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'sold at the desk',
    after: { sale: sale.id, invoice: result.invoiceId, total, status: sub.status },
  });
  ctx.changed('sales', [sale.id]);
  ctx.changed('invoices', result.invoiceId ? [result.invoiceId] : []);
  return { sale, result };
}
