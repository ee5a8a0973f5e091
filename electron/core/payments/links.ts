import { and, asc, desc, eq } from 'drizzle-orm';
import { invoices, paymentLinks, payments } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { addBalanceEntry } from '../billing/balance';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import type { DbOrTx } from '../../../db/open';
import { amountDueOf, getInvoiceRow } from '../invoices/repo';
import { settleIfPaid } from '../invoices/settle';
import { getMemberRow } from '../members/repo';
import { queueMail } from '../notifications/outbox';
import { getSettings } from '../settings/repo';
import { customerOf, gatewayOf, installationId, readState, SECRET_KEY, viaGateway } from './access';
import { GatewayRequestError, type CardGateway } from './gateways/gateway';
import { notifyPaymentReceived } from '../messages/fire';

type PaymentRow = typeof payments.$inferSelect;
type PaymentLinkRow = typeof paymentLinks.$inferSelect;

/**
 * The bank wants the member present (SCA) for an off-session charge: they get a page of Stripe's
 * where they pay the invoice themselves, by email when there is an address (DESIGN §7).
 */
export async function offerPaymentLink(ctx: Ctx, attempt: PaymentRow): Promise<void> {
  const gateway = gatewayOf(ctx);
  const invoice = getInvoiceRow(ctx.db, attempt.invoiceId!);
  const customer = customerOf(ctx.db, attempt.memberId, gateway.mode);
  if (!customer || invoice.status !== 'open') return;
  const amount = amountDueOf(invoice);
  if (amount <= 0) return;
  const returnUrl = readState(ctx.db, 'returnUrl') ?? 'https://stripe.com/';
  const link = await viaGateway(() =>
    gateway.startPaymentLink(
      {
        customerId: customer.customerId,
        amount,
        currency: invoice.currency,
        description: `Invoice ${invoice.number ?? invoice.id}`,
        successUrl: returnUrl,
        cancelUrl: returnUrl,
        metadata: { recur_invoice_id: String(invoice.id), recur_attempt_id: String(attempt.id) },
      },
      // One link per attempt, however often this runs.
      `link:${installationId(ctx)}:${attempt.id}`,
    ),
  );
  ctx.write((tx) => {
    if (
      tx
        .select({ id: paymentLinks.id })
        .from(paymentLinks)
        .where(eq(paymentLinks.sessionId, link.sessionId))
        .get()
    )
      return;
    tx.insert(paymentLinks)
      .values({
        invoiceId: invoice.id,
        memberId: attempt.memberId,
        attemptId: attempt.id,
        mode: gateway.mode,
        sessionId: link.sessionId,
        url: link.url,
        amount,
        currency: invoice.currency,
        status: 'open',
        expiresAt: link.expiresAt.toISOString(),
        createdAt: ctx.nowIso(),
      })
      .run();
    const member = getMemberRow(tx, attempt.memberId);
    const settings = getSettings(tx);
    if (member.email) {
      queueMail(tx, ctx, {
        to: member.email,
        subject: `${settings.name}: please confirm your payment`,
        body: `Hello ${member.firstName},\n\nYour bank asked you to confirm the payment of ${formatMoney(amount, invoice.currency, settings.locale)} for invoice ${invoice.number}. Please pay it on Stripe's secure page:\n\n${link.url}\n`,
        topic: `payment-link:${attempt.id}`,
        memberId: member.id,
      });
    }
    ctx.changed('invoices', [invoice.id]);
  });
}

type LinkAnswer = Awaited<ReturnType<CardGateway['getPaymentLink']>>;
const EXPIRED: LinkAnswer = { status: 'expired', gatewayPaymentId: null };

/**
 * What Stripe says about a link. Stripe no longer knowing the page (another account's key), or a
 * page made with the other mode's key that is past its expiry, counts as expired: such a link could
 * otherwise be asked about on every run for ever. Null: nothing to ask yet.
 */
async function askAboutLink(ctx: Ctx, link: PaymentLinkRow): Promise<LinkAnswer | null> {
  const gateway = gatewayOf(ctx);
  if (link.mode !== gateway.mode) return Date.parse(link.expiresAt) <= ctx.now().getTime() ? EXPIRED : null;
  try {
    return await gateway.getPaymentLink(link.sessionId);
  } catch (e) {
    if (e instanceof GatewayRequestError && e.code === 'resource_missing') return EXPIRED;
    throw e;
  }
}

/** Marks an open link expired, in the caller's transaction. */
export function markLinkExpired(tx: DbOrTx, ctx: Ctx, id: number): void {
  tx.update(paymentLinks)
    .set({ status: 'expired', finishedAt: ctx.nowIso() })
    .where(and(eq(paymentLinks.id, id), eq(paymentLinks.status, 'open')))
    .run();
}

/**
 * Asks about one open link; a completed one becomes a card payment on the invoice, once, and an
 * expired one is marked so. Answers whether the link changed.
 */
export async function pollPaymentLink(ctx: Ctx, id: number): Promise<boolean> {
  const link = ctx.db.select().from(paymentLinks).where(eq(paymentLinks.id, id)).get();
  if (!link || link.status !== 'open') return false;
  const answer = await askAboutLink(ctx, link);
  if (!answer) return false;
  return ctx.write((tx) => {
    const fresh = tx.select().from(paymentLinks).where(eq(paymentLinks.id, id)).get()!;
    if (fresh.status !== 'open') return false;
    if (answer.status === 'expired') {
      markLinkExpired(tx, ctx, id);
      return true;
    }
    if (answer.status !== 'complete' || !answer.gatewayPaymentId) return false;
    const invoice = getInvoiceRow(tx, fresh.invoiceId);
    const payment = tx
      .insert(payments)
      .values({
        invoiceId: invoice.id,
        memberId: fresh.memberId,
        amount: fresh.amount,
        currency: fresh.currency,
        method: 'card',
        status: 'succeeded',
        gatewayId: answer.gatewayPaymentId,
        idempotencyKey: `link:${fresh.sessionId}`,
        createdAt: ctx.nowIso(),
        settledAt: ctx.nowIso(),
      })
      .returning({ id: payments.id })
      .get();
    const applied = Math.min(fresh.amount, invoice.status === 'open' ? amountDueOf(invoice) : 0);
    if (applied > 0)
      tx.update(invoices)
        .set({ amountPaid: invoice.amountPaid + applied })
        .where(eq(invoices.id, invoice.id))
        .run();
    // Paid after the invoice no longer needed it (paid at the desk, or a sale that ended unpaid):
    // the money is the member's credit, never lost.
    addBalanceEntry(tx, {
      memberId: fresh.memberId,
      amount: fresh.amount - applied,
      currency: fresh.currency,
      reason: `Payment page paid after invoice ${invoice.number} no longer needed it`,
      invoiceId: invoice.id,
      paymentId: payment.id,
      createdAt: ctx.nowIso(),
    });
    // The off-session attempt is settled by this payment: it no longer waits for the member. (A
    // declined attempt whose link dunning sent keeps its decline reason.)
    tx.update(payments)
      .set({
        status: 'failed',
        failureMessage: 'The member confirmed and paid through the link instead.',
        settledAt: ctx.nowIso(),
      })
      .where(and(eq(payments.id, fresh.attemptId), eq(payments.status, 'requires_action')))
      .run();
    tx.update(paymentLinks)
      .set({ status: 'complete', paymentId: payment.id, finishedAt: ctx.nowIso() })
      .where(eq(paymentLinks.id, id))
      .run();
    recordEvent(tx, ctx, {
      type: 'payment.succeeded',
      effectiveDate: businessToday(tx, ctx.now()),
      subscriptionId: invoice.subscriptionId,
      memberId: fresh.memberId,
      invoiceId: invoice.id,
      data: { amount: fresh.amount, method: 'card', via: 'payment link' },
    });
    settleIfPaid(tx, ctx, invoice.id);
    notifyPaymentReceived(tx, ctx, payment.id);
    ctx.changed('payments', [payment.id]);
    return true;
  });
}

export async function pollOpenPaymentLinks(ctx: Ctx): Promise<number> {
  if (!ctx.ports.cardGateway || !ctx.ports.secrets.get(SECRET_KEY)) return 0;
  const open = ctx.db
    .select({ id: paymentLinks.id })
    .from(paymentLinks)
    .where(eq(paymentLinks.status, 'open'))
    .orderBy(asc(paymentLinks.id))
    .all();
  // Counts what changed, so a run that only looked stays a quiet one (scheduler.ts).
  let changed = 0;
  for (const { id } of open) if (await pollPaymentLink(ctx, id)) changed++;
  return changed;
}

export const paymentLinkHandlers: DomainHandlers<'paymentLinks'> = {
  'paymentLinks.forInvoice': async (ctx, { invoiceId }) => {
    getInvoiceRow(ctx.db, invoiceId);
    const latest = ctx.db
      .select()
      .from(paymentLinks)
      .where(eq(paymentLinks.invoiceId, invoiceId))
      .orderBy(desc(paymentLinks.id))
      .get();
    if (!latest) return null;
    if (latest.status === 'open') await pollPaymentLink(ctx, latest.id);
    const now = ctx.db.select().from(paymentLinks).where(eq(paymentLinks.id, latest.id)).get()!;
    if (!now) throw new AppError('NOT_FOUND', 'That payment link does not exist.');
    return {
      url: now.url,
      status: now.status,
      amount: now.amount,
      currency: now.currency,
      expiresAt: now.expiresAt,
    };
  },
};
