import { and, asc, eq, inArray } from 'drizzle-orm';
import { invoices, payments, subscriptions } from '../../../db/schema';
import { addDays, compareDates, daysBetween } from '../../../shared/calendar';
import { AppError } from '../../../shared/errors';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DueJob } from '../scheduler';
import { defaultCardOf, SECRET_KEY } from './access';
import { pollOpenSetups } from './cards';
import { pollOpenPaymentLinks } from './links';
import { chargeInvoice } from './charge';
import { GatewayUnavailableError } from './gateways/gateway';
import { reconcile } from './reconcile';

/** Days after a declined charge when it is tried again (like Stripe's retry schedule), then left to the desk. */
export const RETRY_AFTER_DAYS = [3, 5, 7];
/**
 * Invoices issued longer ago than this are not charged by themselves after the app was closed for a
 * while: they wait for the owner (DESIGN §6: never a burst of old charges).
 */
export const CATCH_UP_LIMIT_DAYS = 7;

const configured = (ctx: Ctx) => Boolean(ctx.ports.cardGateway && ctx.ports.secrets.get(SECRET_KEY));

/** Charges what automatic collection owes, one invoice at a time, each through the full protocol. */
export async function chargeAutomaticInvoices(ctx: Ctx): Promise<number> {
  if (!configured(ctx)) return 0;
  const today = businessToday(ctx.db, ctx.now());
  const due = ctx.db
    .select({ id: invoices.id, issueDate: invoices.issueDate, memberId: invoices.memberId })
    .from(invoices)
    .innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
    .where(
      and(
        eq(invoices.status, 'open'),
        eq(subscriptions.collection, 'automatic'),
        inArray(subscriptions.status, ['active', 'past_due', 'unpaid']),
      ),
    )
    .orderBy(asc(invoices.id))
    .all();
  let done = 0;
  for (const inv of due) {
    const attempts = ctx.db
      .select()
      .from(payments)
      .where(and(eq(payments.invoiceId, inv.id), eq(payments.method, 'card')))
      .orderBy(asc(payments.id))
      .all();
    // Waiting on the member (SCA), already on its way, or out of retries: not for the scheduler.
    if (attempts.some((a) => a.status !== 'failed')) continue;
    if (attempts.length > RETRY_AFTER_DAYS.length) continue;
    const last = attempts.at(-1);
    if (
      last &&
      compareDates(today, addDays(last.createdAt.slice(0, 10), RETRY_AFTER_DAYS[attempts.length - 1]!)) < 0
    )
      continue;
    if (!last && inv.issueDate && daysBetween(inv.issueDate, today) > CATCH_UP_LIMIT_DAYS) continue;
    const gateway = ctx.ports.cardGateway!(ctx.ports.secrets.get(SECRET_KEY)!);
    if (!defaultCardOf(ctx.db, inv.memberId, gateway.mode)) continue;
    try {
      await chargeInvoice(ctx, inv.id);
      done++;
    } catch (e) {
      // Unreachable: the attempt stays pending and reconciliation repeats it; stop for this run.
      if (e instanceof AppError && e.code === 'GATEWAY_UNAVAILABLE') break;
      if (e instanceof GatewayUnavailableError) break;
      if (e instanceof AppError) continue;
      throw e;
    }
  }
  return done;
}

export const paymentJobs: DueJob[] = [
  { name: 'payments: card captures', run: pollOpenSetups },
  { name: 'payments: links members pay themselves', run: pollOpenPaymentLinks },
  {
    name: 'payments: settle pending attempts and read gateway events',
    run: async (ctx) => {
      if (!configured(ctx)) return 0;
      try {
        const r = await reconcile(ctx);
        return r.settled + r.issues;
      } catch (e) {
        if (e instanceof GatewayUnavailableError) return 0;
        throw e;
      }
    },
  },
  { name: 'payments: charge automatic collection', run: chargeAutomaticInvoices },
];
