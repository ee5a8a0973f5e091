import { and, count, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { invoices, paymentMethods, payments, subscriptions } from '../../../db/schema';
import { formatMoney } from '../../../shared/money';
import { AppError } from '../../../shared/errors';
import { addBalanceEntry } from '../billing/balance';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { amountDueOf, getInvoiceRow, memberDisplayName, toPayment } from '../invoices/repo';
import { settleIfPaid } from '../invoices/settle';
import { getSettings } from '../settings/repo';
import { recordDecline } from '../dunning/cases';
import { transition } from '../subscriptions/state';
import { activeCardOf, customerOf, defaultCardOf, gatewayOf, installationId, readState } from './access';
import { GatewayRequestError, GatewayUnavailableError, type ChargeResult } from './gateways/gateway';
import { offerPaymentLink } from './links';
import { plainDeclineReason } from './reasons';
import { notifyPaymentReceived } from '../messages/fire';

type PaymentRow = typeof payments.$inferSelect;

/**
 * Step 1 of DESIGN §6, one transaction: the attempt, its amount and its idempotency key are
 * written before anything leaves the computer. The key names the invoice and the attempt, so a
 * repeat after a crash asks Stripe about the very same charge.
 */
function writeAttempt(tx: Tx, ctx: Ctx, invoiceId: number, mode: 'test' | 'live', cardId?: number) {
  const invoice = getInvoiceRow(tx, invoiceId);
  if (invoice.status !== 'open') {
    throw new AppError(
      'CONFLICT',
      `This invoice is ${invoice.status === 'paid' ? 'already paid' : invoice.status} and cannot be charged.`,
    );
  }
  const due = amountDueOf(invoice);
  if (due <= 0) throw new AppError('CONFLICT', 'Nothing is due on this invoice.');
  const inFlight = tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'pending')))
    .get();
  if (inFlight) {
    throw new AppError(
      'CONFLICT',
      'A card charge for this invoice is already on its way. Wait a moment and look again.',
    );
  }
  // A card the desk picked (a sale paid with another card), else the member's default.
  const card = cardId
    ? activeCardOf(tx, invoice.memberId, mode, cardId)
    : defaultCardOf(tx, invoice.memberId, mode);
  const customer = customerOf(tx, invoice.memberId, mode);
  if (!card || !customer) {
    throw new AppError(
      'CONFLICT',
      'This member has no card on file. Add a card, or take the payment at the desk.',
    );
  }
  const attempt =
    (tx
      .select({ n: count() })
      .from(payments)
      .where(and(eq(payments.invoiceId, invoiceId), eq(payments.method, 'card')))
      .get()?.n ?? 0) + 1;
  const row = tx
    .insert(payments)
    .values({
      invoiceId,
      memberId: invoice.memberId,
      amount: due,
      currency: invoice.currency,
      method: 'card',
      status: 'pending',
      attempt,
      paymentMethodId: card.id,
      idempotencyKey: `charge:${installationId(ctx)}:${invoiceId}:${attempt}`,
      operatorId: ctx.caller?.operator.id ?? null,
      createdAt: ctx.nowIso(),
    })
    .returning()
    .get();
  return { payment: row, invoice, card, customer };
}

/** The request of step 2, rebuilt from the stored attempt (recovery repeats it byte for byte). */
function chargeRequest(
  ctx: Ctx,
  payment: PaymentRow,
  invoiceNumber: string | null,
  customerId: string,
  cardId: string,
) {
  return {
    customerId,
    paymentMethodId: cardId,
    amount: payment.amount,
    currency: payment.currency,
    description: `Invoice ${invoiceNumber ?? payment.invoiceId}`,
    statementDescriptor: readState(ctx.db, 'statementDescriptor'),
    metadata: {
      recur_payment_id: String(payment.id),
      recur_invoice_id: String(payment.invoiceId),
      recur_idempotency_key: payment.idempotencyKey,
    },
  };
}

/**
 * Step 3, one transaction: the answer is recorded exactly once. Safe to run again (a repeat after a
 * crash finds the attempt no longer pending and changes nothing).
 */
export function recordChargeOutcome(tx: Tx, ctx: Ctx, paymentId: number, result: ChargeResult): PaymentRow {
  const payment = tx.select().from(payments).where(eq(payments.id, paymentId)).get()!;
  if (payment.status !== 'pending') return payment;
  const invoice = getInvoiceRow(tx, payment.invoiceId!);
  const today = businessToday(tx, ctx.now());
  const nowIso = ctx.nowIso();
  if (result.status === 'succeeded') {
    tx.update(payments)
      .set({ status: 'succeeded', gatewayId: result.gatewayId, settledAt: nowIso })
      .where(eq(payments.id, paymentId))
      .run();
    // The invoice may have been paid at the desk meanwhile: whatever it no longer needs is credit.
    const applied = invoice.status === 'open' ? Math.min(payment.amount, amountDueOf(invoice)) : 0;
    if (applied > 0)
      tx.update(invoices)
        .set({ amountPaid: invoice.amountPaid + applied })
        .where(eq(invoices.id, invoice.id))
        .run();
    addBalanceEntry(tx, {
      memberId: payment.memberId,
      amount: payment.amount - applied,
      currency: payment.currency,
      reason: `Card payment beyond what invoice ${invoice.number} needed`,
      invoiceId: invoice.id,
      paymentId,
      createdAt: nowIso,
    });
    recordEvent(tx, ctx, {
      type: 'payment.succeeded',
      effectiveDate: today,
      subscriptionId: invoice.subscriptionId,
      memberId: payment.memberId,
      invoiceId: invoice.id,
      data: { amount: payment.amount, method: 'card', attempt: payment.attempt },
    });
    settleIfPaid(tx, ctx, invoice.id);
    notifyPaymentReceived(tx, ctx, paymentId);
  } else if (result.status === 'failed') {
    const reason = plainDeclineReason(result.code, result.declineCode, result.message);
    tx.update(payments)
      .set({
        status: 'failed',
        gatewayId: result.gatewayId,
        failureCode: result.code,
        declineCode: result.declineCode,
        failureMessage: reason,
        settledAt: nowIso,
      })
      .where(eq(payments.id, paymentId))
      .run();
    recordEvent(tx, ctx, {
      type: 'payment.failed',
      effectiveDate: today,
      subscriptionId: invoice.subscriptionId,
      memberId: payment.memberId,
      invoiceId: invoice.id,
      data: { amount: payment.amount, code: result.code, declineCode: result.declineCode, reason },
    });
    recordEvent(tx, ctx, {
      type: 'invoice.failed',
      effectiveDate: today,
      subscriptionId: invoice.subscriptionId,
      memberId: payment.memberId,
      invoiceId: invoice.id,
    });
    // The dunning policy takes it from here: retries on its schedule, and the member is told.
    recordDecline(
      tx,
      ctx,
      { ...payment, invoiceId: invoice.id, failureCode: result.code, declineCode: result.declineCode },
      reason,
    );
    // A declined renewal makes the subscription past due at once (DESIGN §5).
    const sub = invoice.subscriptionId
      ? tx.select().from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId)).get()
      : null;
    if (sub && sub.status === 'active') {
      transition(
        tx,
        ctx,
        sub,
        'past_due',
        { type: 'subscription.past_due', effectiveDate: today, invoiceId: invoice.id, data: { reason } },
        { pastDueSince: today },
      );
    }
  } else {
    tx.update(payments)
      .set({
        status: 'requires_action',
        gatewayId: result.gatewayId,
        failureCode: 'authentication_required',
        failureMessage: plainDeclineReason('authentication_required', null, ''),
      })
      .where(eq(payments.id, paymentId))
      .run();
    recordEvent(tx, ctx, {
      type: 'payment.failed',
      effectiveDate: today,
      subscriptionId: invoice.subscriptionId,
      memberId: payment.memberId,
      invoiceId: invoice.id,
      data: { amount: payment.amount, code: 'authentication_required' },
    });
  }
  ctx.changed('payments', [paymentId]);
  ctx.changed('invoices', [invoice.id]);
  return tx.select().from(payments).where(eq(payments.id, paymentId)).get()!;
}

/** Steps 2 and 3 for an attempt already written: used by "charge now" and by recovery alike. */
export async function sendAttempt(ctx: Ctx, paymentId: number): Promise<PaymentRow> {
  const gateway = gatewayOf(ctx);
  const payment = ctx.db.select().from(payments).where(eq(payments.id, paymentId)).get()!;
  if (payment.status !== 'pending') return payment;
  const invoice = getInvoiceRow(ctx.db, payment.invoiceId!);
  const customer = customerOf(ctx.db, payment.memberId, gateway.mode);
  const card = payment.paymentMethodId
    ? (ctx.db.select().from(paymentMethods).where(eq(paymentMethods.id, payment.paymentMethodId)).get() ??
      null)
    : null;
  if (!customer || !card)
    throw new AppError('CONFLICT', 'The card this attempt was made with is no longer on file.');
  const result = await gateway.charge(
    chargeRequest(ctx, payment, invoice.number, customer.customerId, card.gatewayId),
    payment.idempotencyKey,
  );
  ctx.ports.faults?.reached('charge:gateway-answered');
  const recorded = ctx.write((tx) => recordChargeOutcome(tx, ctx, paymentId, result));
  ctx.ports.faults?.reached('charge:recorded');
  if (recorded.status === 'requires_action') await offerPaymentLink(ctx, recorded);
  return recorded;
}

/** "Charge now" and "retry": the whole protocol for one open invoice. */
export async function chargeInvoice(ctx: Ctx, invoiceId: number, cardId?: number) {
  const gateway = gatewayOf(ctx);
  const { payment } = ctx.write((tx) => writeAttempt(tx, ctx, invoiceId, gateway.mode, cardId));
  ctx.ports.faults?.reached('charge:pending-written');
  let recorded: PaymentRow;
  try {
    recorded = await sendAttempt(ctx, payment.id);
  } catch (e) {
    if (e instanceof GatewayUnavailableError) {
      // Nothing is known, so nothing is recorded as failed: the attempt stays pending and is repeated
      // with the same key by recovery (or the next "charge now").
      throw new AppError(
        'GATEWAY_UNAVAILABLE',
        'Stripe could not be reached. Nothing was recorded as failed; Recur will try this charge again by itself.',
      );
    }
    if (e instanceof GatewayRequestError) {
      // Stripe refused the request itself (not a decline): the attempt is closed as failed, with why.
      const message = e.message;
      ctx.write((tx) =>
        recordChargeOutcome(tx, ctx, payment.id, {
          status: 'failed',
          gatewayId: null,
          code: e.code ?? 'request_refused',
          declineCode: null,
          message,
        }),
      );
      throw new AppError('PAYMENT_FAILED', `Stripe refused the charge: ${message}`);
    }
    throw e;
  }
  const settings = getSettings(ctx.db);
  const money = formatMoney(recorded.amount, recorded.currency, settings.locale);
  const message =
    recorded.status === 'succeeded'
      ? `${money} was charged to the card.`
      : recorded.status === 'requires_action'
        ? `The bank wants the member to confirm ${money}: they pay it on Stripe’s page (the link is on the invoice, and was emailed to them if they have an address).`
        : (recorded.failureMessage ?? 'The payment did not go through.');
  return {
    payment: toPayment(
      ctx.db,
      recorded,
      getInvoiceRow(ctx.db, invoiceId).number,
      memberDisplayName(ctx.db, recorded.memberId),
    ),
    message,
  };
}
