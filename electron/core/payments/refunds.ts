import { and, count, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { creditNotes, invoices, payments, refunds } from '../../../db/schema';
import type { Refund } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import { recordEvent } from '../billing/events';
import { nextDocumentNumber } from '../billing/numbering';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { getInvoiceRow } from '../invoices/repo';
import { getMemberRow } from '../members/repo';
import { addBalanceEntry, memberBalance } from '../billing/balance';
import { getSettings } from '../settings/repo';
import { gatewayOf, installationId } from './access';
import { GatewayUnavailableError, type RefundResult } from './gateways/gateway';

type RefundRow = typeof refunds.$inferSelect;

function toRefund(db: Tx | Ctx['db'], r: RefundRow): Refund {
  const note = r.creditNoteId
    ? db.select({ n: creditNotes.number }).from(creditNotes).where(eq(creditNotes.id, r.creditNoteId)).get()
    : null;
  return {
    id: r.id,
    paymentId: r.paymentId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    method: r.method,
    status: r.status,
    reference: r.reference,
    creditNoteNumber: note?.n ?? null,
    failureMessage: r.failureMessage,
    createdAt: r.createdAt,
  };
}

/** What is still refundable: the payment less what succeeded or is on its way back. */
function refundable(tx: Tx, paymentId: number, amount: number): number {
  const out = tx
    .select({ amount: refunds.amount, status: refunds.status })
    .from(refunds)
    .where(eq(refunds.paymentId, paymentId))
    .all()
    .filter((r) => r.status !== 'failed')
    .reduce((s, r) => s + r.amount, 0);
  return amount - out;
}

/**
 * Money back, settled: the payment and invoice remember what went back and a credit note (own
 * sequence, destination `refund`) documents it. Runs once per refund, whoever records it first.
 */
function settleRefund(tx: Tx, ctx: Ctx, refundId: number, gatewayId: string | null): void {
  const refund = tx.select().from(refunds).where(eq(refunds.id, refundId)).get()!;
  if (refund.status === 'succeeded') return;
  const payment = tx.select().from(payments).where(eq(payments.id, refund.paymentId)).get()!;
  const invoice = getInvoiceRow(tx, payment.invoiceId!);
  const note = tx
    .insert(creditNotes)
    .values({
      number: nextDocumentNumber(tx, 'credit_note', getSettings(tx).creditNotePrefix),
      invoiceId: invoice.id,
      memberId: payment.memberId,
      amount: refund.amount,
      currency: refund.currency,
      reason: `Refund: ${refund.reason}`,
      destination: 'refund',
      createdAt: ctx.nowIso(),
    })
    .returning({ id: creditNotes.id })
    .get();
  tx.update(refunds)
    .set({ status: 'succeeded', gatewayId, creditNoteId: note.id, settledAt: ctx.nowIso() })
    .where(eq(refunds.id, refundId))
    .run();
  tx.update(payments)
    .set({ amountRefunded: payment.amountRefunded + refund.amount })
    .where(eq(payments.id, payment.id))
    .run();
  tx.update(invoices)
    .set({ amountRefunded: invoice.amountRefunded + refund.amount })
    .where(eq(invoices.id, invoice.id))
    .run();
  recordEvent(tx, ctx, {
    type: 'credit_note.created',
    effectiveDate: businessToday(tx, ctx.now()),
    subscriptionId: invoice.subscriptionId,
    memberId: payment.memberId,
    invoiceId: invoice.id,
    data: { amount: refund.amount, reason: refund.reason, refund: refund.method },
  });
  ctx.changed('payments', [payment.id]);
  ctx.changed('invoices', [invoice.id]);
}

export function recordRefundOutcome(tx: Tx, ctx: Ctx, refundId: number, result: RefundResult): void {
  const refund = tx.select().from(refunds).where(eq(refunds.id, refundId)).get()!;
  if (refund.status !== 'pending') return;
  if (result.status === 'succeeded') settleRefund(tx, ctx, refundId, result.gatewayId);
  else if (result.status === 'failed') {
    tx.update(refunds)
      .set({
        status: 'failed',
        gatewayId: result.gatewayId,
        failureMessage: result.message,
        settledAt: ctx.nowIso(),
      })
      .where(eq(refunds.id, refundId))
      .run();
  } else {
    tx.update(refunds).set({ gatewayId: result.gatewayId }).where(eq(refunds.id, refundId)).run();
  }
}

/** Repeats a pending card refund with its key (after a crash or an unreachable gateway). */
export async function sendRefund(ctx: Ctx, refundId: number): Promise<RefundRow> {
  const refund = ctx.db.select().from(refunds).where(eq(refunds.id, refundId)).get()!;
  if (refund.status !== 'pending' || refund.method !== 'card') return refund;
  const payment = ctx.db.select().from(payments).where(eq(payments.id, refund.paymentId)).get()!;
  const result = await gatewayOf(ctx).refund(
    {
      gatewayPaymentId: payment.gatewayId!,
      amount: refund.amount,
      metadata: { recur_refund_id: String(refund.id), recur_payment_id: String(payment.id) },
    },
    refund.idempotencyKey,
  );
  ctx.ports.faults?.reached('refund:gateway-answered');
  ctx.write((tx) => recordRefundOutcome(tx, ctx, refundId, result));
  return ctx.db.select().from(refunds).where(eq(refunds.id, refundId)).get()!;
}

export const refundHandlers: DomainHandlers<'refunds'> = {
  'refunds.create': async (ctx, { paymentId, amount, reason, method, reference }) => {
    const settings = getSettings(ctx.db);
    const refundId = ctx.write((tx) => {
      const payment = tx.select().from(payments).where(eq(payments.id, paymentId)).get();
      if (!payment) throw new AppError('NOT_FOUND', 'That payment does not exist.');
      if (payment.status !== 'succeeded') {
        throw new AppError('CONFLICT', 'Only a payment that went through can be refunded.');
      }
      const left = refundable(tx, paymentId, payment.amount);
      const wanted = amount ?? left;
      if (left <= 0) throw new AppError('CONFLICT', 'This payment has been refunded in full already.');
      if (wanted > left) {
        const words = formatMoney(left, payment.currency, settings.locale);
        throw new AppError('VALIDATION', `At most ${words} of this payment can still be refunded.`, {
          amount: `At most ${words}`,
        });
      }
      const byCard = payment.method === 'card';
      if (!byCard && !method) {
        throw new AppError('VALIDATION', 'Say how the money went back to the member.', {
          method: 'Choose cash, bank transfer, card terminal or other',
        });
      }
      const n =
        (tx.select({ n: count() }).from(refunds).where(eq(refunds.paymentId, paymentId)).get()?.n ?? 0) + 1;
      const row = tx
        .insert(refunds)
        .values({
          paymentId,
          memberId: payment.memberId,
          amount: wanted,
          currency: payment.currency,
          reason,
          method: byCard ? 'card' : method!,
          status: 'pending',
          reference: reference ?? null,
          idempotencyKey: `refund:${installationId(ctx)}:${paymentId}:${n}`,
          operatorId: ctx.me().operator.id,
          createdAt: ctx.nowIso(),
        })
        .returning()
        .get();
      recordAudit(tx, ctx, {
        entity: 'payment',
        entityId: paymentId,
        action: 'refund',
        after: { amount: wanted, reason, method: row.method },
      });
      // Money handed back at the desk is a fact already: settled in the same transaction.
      if (!byCard) settleRefund(tx, ctx, row.id, null);
      return row.id;
    });
    ctx.ports.faults?.reached('refund:pending-written');
    try {
      await sendRefund(ctx, refundId);
    } catch (e) {
      if (e instanceof GatewayUnavailableError) {
        throw new AppError(
          'GATEWAY_UNAVAILABLE',
          'Stripe could not be reached. The refund is kept and Recur sends it again by itself.',
        );
      }
      throw e;
    }
    return toRefund(ctx.db, ctx.db.select().from(refunds).where(eq(refunds.id, refundId)).get()!);
  },

  'refunds.payOutBalance': (ctx, { memberId, amount, method, reference, reason }) =>
    ctx.write((tx) => {
      getMemberRow(tx, memberId);
      const settings = getSettings(tx);
      const balance = memberBalance(tx, memberId, settings.currency);
      if (amount > balance) {
        const words = formatMoney(balance, settings.currency, settings.locale);
        throw new AppError('VALIDATION', `The member's balance is ${words}; no more can be paid out.`, {
          amount: `At most ${words}`,
        });
      }
      addBalanceEntry(tx, {
        memberId,
        amount: -amount,
        currency: settings.currency,
        reason: `Paid out (${method.replace('_', ' ')}${reference ? `, ${reference}` : ''}): ${reason}`,
        createdAt: ctx.nowIso(),
      });
      recordEvent(tx, ctx, {
        type: 'balance.paid_out',
        effectiveDate: businessToday(tx, ctx.now()),
        memberId,
        data: { amount, method, reason },
      });
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: memberId,
        action: 'balance paid out',
        after: { amount, method, reference, reason },
      });
      ctx.changed('members', [memberId]);
      return { balance: balance - amount };
    }),

  'refunds.list': (ctx, { paymentId, memberId }) =>
    ctx.db
      .select()
      .from(refunds)
      .where(
        and(
          paymentId ? eq(refunds.paymentId, paymentId) : undefined,
          memberId ? eq(refunds.memberId, memberId) : undefined,
        ),
      )
      .orderBy(desc(refunds.id))
      .all()
      .map((r) => toRefund(ctx.db, r)),
};
