import { and, asc, count, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { dunningCases, paymentLinks, payments, plans, subscriptions } from '../../../db/schema';
import { formatDate } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { amountDueOf, getInvoiceRow } from '../invoices/repo';
import { notifyMember } from '../messages/notify';
import {
  customerOf,
  defaultCardOf,
  gatewayOf,
  installationId,
  readState,
  SECRET_KEY,
} from '../payments/access';
import { chargeInvoice } from '../payments/charge';
import { GatewayRequestError, GatewayUnavailableError } from '../payments/gateways/gateway';
import { markLinkExpired, pollPaymentLink } from '../payments/links';
import type { DueJob } from '../scheduler';
import { getSettings } from '../settings/repo';
import { endDunning, exhaust, skipRetry, type CaseRow } from './cases';

const cardsConfigured = (ctx: Ctx) => Boolean(ctx.ports.cardGateway && ctx.ports.secrets.get(SECRET_KEY));

const NO_LINK = 'ask us at the desk';

/**
 * A link put in a message must stay open at least this long after it is sent: Stripe's pages live
 * 24 hours at most, so the member who reads the message that day still finds the page open.
 */
export const LINK_FRESH_MS = 12 * 3600_000;

const openLinksOf = (ctx: Ctx, invoiceId: number) =>
  ctx.db
    .select()
    .from(paymentLinks)
    .where(and(eq(paymentLinks.invoiceId, invoiceId), eq(paymentLinks.status, 'open')))
    .orderBy(desc(paymentLinks.id))
    .all();

/**
 * The Stripe payment page for what the invoice still owes (payments/links.ts's kind of link), alive
 * when the message is sent: an open one with at least LINK_FRESH_MS left is reused; otherwise the
 * invoice's pages are asked about first (one may have been paid or have run out), a new one is made
 * and the older ones are closed, so the member has one page to pay and the app stops asking about
 * the others. The new page's key names the invoice, the attempt and how many pages the invoice had,
 * so a repeat after a crash gets the same page, and a later refresh a new one (Stripe would answer a
 * repeated key with the old page for 24 hours). Without Stripe the member is sent to the desk.
 */
export async function payLinkFor(ctx: Ctx, invoiceId: number, attemptId: number | null): Promise<string> {
  if (!cardsConfigured(ctx)) return NO_LINK;
  const freshUntil = new Date(ctx.now().getTime() + LINK_FRESH_MS).toISOString();
  const owed = amountDueOf(getInvoiceRow(ctx.db, invoiceId));
  const fresh = openLinksOf(ctx, invoiceId).find((l) => l.amount === owed && l.expiresAt > freshUntil);
  if (fresh) return fresh.url;
  try {
    for (const link of openLinksOf(ctx, invoiceId)) await pollPaymentLink(ctx, link.id);
    const invoice = getInvoiceRow(ctx.db, invoiceId);
    const amount = amountDueOf(invoice);
    const attempt =
      attemptId ??
      ctx.db
        .select({ id: payments.id })
        .from(payments)
        .where(eq(payments.invoiceId, invoiceId))
        .orderBy(desc(payments.id))
        .get()?.id;
    const gateway = gatewayOf(ctx);
    const customer = customerOf(ctx.db, invoice.memberId, gateway.mode);
    if (invoice.status !== 'open' || !customer || !attempt || amount <= 0) return NO_LINK;
    const pages = ctx.db
      .select({ n: count() })
      .from(paymentLinks)
      .where(eq(paymentLinks.invoiceId, invoiceId))
      .get()!.n;
    const returnUrl = readState(ctx.db, 'returnUrl') ?? 'https://stripe.com/';
    const link = await gateway.startPaymentLink(
      {
        customerId: customer.customerId,
        amount,
        currency: invoice.currency,
        description: `Invoice ${invoice.number ?? invoice.id}`,
        successUrl: returnUrl,
        cancelUrl: returnUrl,
        metadata: { recur_invoice_id: String(invoice.id), recur_attempt_id: String(attempt) },
      },
      `dunning-link:${installationId(ctx)}:${invoice.id}:${attempt}:${amount}:${pages}`,
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
          memberId: invoice.memberId,
          attemptId: attempt,
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
      ctx.changed('invoices', [invoice.id]);
    });
    await closeOlderLinks(ctx, invoiceId, link.sessionId);
    return link.url;
  } catch (e) {
    // No page today (Stripe unreachable or refusing): the message still goes, pointing to the desk.
    ctx.ports.logger.warn('No payment page for a dunning message', { invoiceId, error: String(e) });
    return NO_LINK;
  }
}

/**
 * Closes the invoice's other open pages at Stripe once a newer one is sent. One Stripe refuses to
 * close (paid a moment ago) is asked about instead, so its payment is recorded, never lost.
 */
async function closeOlderLinks(ctx: Ctx, invoiceId: number, keep: string): Promise<void> {
  const gateway = gatewayOf(ctx);
  for (const old of openLinksOf(ctx, invoiceId)) {
    if (old.sessionId === keep || old.mode !== gateway.mode) continue;
    try {
      await gateway.expirePaymentLink(old.sessionId);
      ctx.write((tx) => markLinkExpired(tx, ctx, old.id));
    } catch (e) {
      if (!(e instanceof GatewayRequestError)) throw e;
      await pollPaymentLink(ctx, old.id);
    }
  }
}

/** The words and figures a dunning message carries, in the business's locale. */
export function invoiceVars(ctx: Ctx, invoiceId: number) {
  const settings = getSettings(ctx.db);
  const invoice = getInvoiceRow(ctx.db, invoiceId);
  const plan = invoice.subscriptionId
    ? ctx.db
        .select({ name: plans.name })
        .from(subscriptions)
        .innerJoin(plans, eq(plans.id, subscriptions.planId))
        .where(eq(subscriptions.id, invoice.subscriptionId))
        .get()
    : null;
  return {
    invoice,
    vars: {
      amountDue: formatMoney(amountDueOf(invoice), invoice.currency, settings.locale),
      'invoice.number': invoice.number ?? String(invoice.id),
      dueDate: invoice.dueDate ? formatDate(invoice.dueDate, settings.locale) : '',
      'plan.name': plan?.name ?? '',
    },
  };
}

/**
 * Tells the member about every declined attempt not yet told (cause `invoice:<id>:attempt:<n>`, so
 * a repeated run never sends twice), with the amount and a payment page.
 */
async function notifyDeclines(ctx: Ctx): Promise<number> {
  const settings = getSettings(ctx.db);
  const cases = ctx.db
    .select()
    .from(dunningCases)
    .where(
      and(
        inArray(dunningCases.status, ['active', 'exhausted']),
        sql`(SELECT count(*) FROM ${payments} WHERE ${payments.invoiceId} = ${dunningCases.invoiceId} AND ${payments.method} = 'card' AND ${payments.status} = 'failed') > ${dunningCases.notifiedAttempts}`,
      ),
    )
    .all();
  let sent = 0;
  for (const c of cases) {
    const failed = ctx.db
      .select()
      .from(payments)
      .where(
        and(eq(payments.invoiceId, c.invoiceId), eq(payments.method, 'card'), eq(payments.status, 'failed')),
      )
      .orderBy(asc(payments.id))
      .all();
    if (failed.length <= c.notifiedAttempts) continue;
    const last = failed.at(-1)!;
    const invoice = getInvoiceRow(ctx.db, c.invoiceId);
    if (invoice.status !== 'open') continue;
    const payLink = await payLinkFor(ctx, c.invoiceId, last.id);
    ctx.write((tx) => {
      const fresh = tx.select().from(dunningCases).where(eq(dunningCases.id, c.id)).get()!;
      if (fresh.notifiedAttempts >= failed.length) return;
      const { vars } = invoiceVars(ctx, c.invoiceId);
      notifyMember(tx, ctx, {
        topic: 'payment_failed',
        memberId: c.memberId,
        causeKey: `invoice:${c.invoiceId}:attempt:${last.attempt}`,
        vars: {
          ...vars,
          payLink,
          failureReason: last.failureMessage ?? 'the bank declined the card',
          nextAttemptDate: fresh.nextRetryOn
            ? formatDate(fresh.nextRetryOn, settings.locale)
            : 'no further automatic attempt',
        },
      });
      tx.update(dunningCases)
        .set({ notifiedAttempts: failed.length, updatedAt: ctx.nowIso() })
        .where(eq(dunningCases.id, c.id))
        .run();
      sent++;
    });
  }
  return sent;
}

/** Whether a card try is possible now: Stripe set up, a card on file, nothing already on its way. */
function chargeable(ctx: Ctx, c: CaseRow): 'yes' | 'busy' | string {
  if (!cardsConfigured(ctx)) return 'Card payments are not set up';
  if (!defaultCardOf(ctx.db, c.memberId, gatewayOf(ctx).mode)) return 'No card on file';
  const waiting = ctx.db
    .select({ n: count() })
    .from(payments)
    .where(and(eq(payments.invoiceId, c.invoiceId), inArray(payments.status, ['pending', 'requires_action'])))
    .get()!.n;
  return waiting > 0 ? 'busy' : 'yes';
}

/**
 * The policy's due steps: retries on their day (and at once after a card update), the end of a hard
 * decline's wait, and cases whose invoice was settled some other way. Each step is its own
 * transaction and re-reads the case, so a second run finds nothing left to do.
 */
export async function runDunning(ctx: Ctx): Promise<number> {
  const today = businessToday(ctx.db, ctx.now());
  const due = ctx.db
    .select()
    .from(dunningCases)
    .where(
      or(
        and(eq(dunningCases.status, 'active'), lte(dunningCases.nextRetryOn, today)),
        and(inArray(dunningCases.status, ['active', 'exhausted']), eq(dunningCases.retryNow, true)),
      ),
    )
    .orderBy(asc(dunningCases.nextRetryOn), asc(dunningCases.id))
    .all();
  let done = 0;
  for (const c of due) {
    const invoice = getInvoiceRow(ctx.db, c.invoiceId);
    if (invoice.status !== 'open' || amountDueOf(invoice) <= 0) {
      ctx.write((tx) => endDunning(tx, ctx, c.invoiceId, invoice.status === 'void' ? 'void' : 'paid'));
      done++;
      continue;
    }
    if (c.hardDecline && !c.retryNow) {
      // Nothing to retry on this card: the wait simply ran out.
      ctx.write((tx) => {
        const fresh = tx.select().from(dunningCases).where(eq(dunningCases.id, c.id)).get()!;
        if (fresh.status === 'active' && fresh.hardDecline && !fresh.retryNow) exhaust(tx, ctx, fresh, today);
      });
      done++;
      continue;
    }
    const can = chargeable(ctx, c);
    if (can === 'busy') continue;
    if (can !== 'yes') {
      ctx.write((tx) => {
        const fresh = tx.select().from(dunningCases).where(eq(dunningCases.id, c.id)).get()!;
        skipRetry(tx, ctx, fresh, can);
      });
      done++;
      continue;
    }
    try {
      // A decline is recorded by recordDecline (cases.ts), in the transaction of the outcome.
      await chargeInvoice(ctx, c.invoiceId);
      done++;
    } catch (e) {
      if (e instanceof GatewayUnavailableError) break;
      if (e instanceof AppError && e.code === 'GATEWAY_UNAVAILABLE') break;
      if (!(e instanceof AppError)) throw e;
    }
  }
  return done + (await notifyDeclines(ctx));
}

/** After the first charges of automatic collection (payments/autocharge.ts) in each run. */
export const dunningJobs: DueJob[] = [
  { name: 'dunning: retries and failed-payment messages', run: runDunning },
];
