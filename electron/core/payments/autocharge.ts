import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { invoices, payments, subscriptions } from '../../../db/schema';
import { addDays } from '../../../shared/calendar';
import { AppError } from '../../../shared/errors';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DueJob, RunTrigger } from '../scheduler';
import { stripeRateOf } from '../dunning/policy';
import { defaultCardOf, gatewayOf, SECRET_KEY } from './access';
import { pollOpenSetups } from './cards';
import { pollOpenPaymentLinks } from './links';
import { chargeInvoice } from './charge';
import { GatewayUnavailableError } from './gateways/gateway';
import { reconcile } from './reconcile';

/**
 * Invoices issued longer ago than this are not charged by themselves after the app was closed for a
 * while: they wait for the owner (DESIGN §6: never a burst of old charges).
 */
export const CATCH_UP_LIMIT_DAYS = 7;

const configured = (ctx: Ctx) => Boolean(ctx.ports.cardGateway && ctx.ports.secrets.get(SECRET_KEY));

/**
 * Charges in flight at once. The rate limiter decides the pace; this only keeps enough requests
 * waiting on Stripe's latency (≈200 ms, plus our two writes) that the pace can be reached: one worker
 * per request a second leaves each a whole second per charge.
 */
const workersFor = (perSecond: number) => Math.min(64, Math.max(2, Math.ceil(perSecond)));

/**
 * First charges of what automatic collection owes, each through the full protocol. Only invoices
 * never tried by card: later tries are the dunning policy's (dunning/job.ts). Runs within seconds of
 * an invoice being issued, because the commit that issued it nudges the scheduler (issue 7 §2).
 */
export async function chargeAutomaticInvoices(ctx: Ctx): Promise<number> {
  if (!configured(ctx)) return 0;
  const today = businessToday(ctx.db, ctx.now());
  const due = ctx.db
    .select({ id: invoices.id, memberId: invoices.memberId })
    .from(invoices)
    .innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
    .where(
      and(
        eq(invoices.status, 'open'),
        eq(subscriptions.collection, 'automatic'),
        inArray(subscriptions.status, ['active', 'past_due', 'unpaid']),
        gte(invoices.issueDate, addDays(today, -CATCH_UP_LIMIT_DAYS)),
        sql`NOT EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.invoiceId} = ${invoices.id} AND ${payments.method} = 'card')`,
      ),
    )
    .orderBy(asc(invoices.id))
    .all();
  if (!due.length) return 0;
  const gateway = gatewayOf(ctx);
  const ready = due.filter((inv) => defaultCardOf(ctx.db, inv.memberId, gateway.mode));
  let next = 0;
  let done = 0;
  let unreachable = false;
  const worker = async () => {
    while (!unreachable && next < ready.length) {
      const inv = ready[next++]!;
      try {
        await chargeInvoice(ctx, inv.id);
        done++;
      } catch (e) {
        // Unreachable: the attempt stays pending and reconciliation repeats it; stop for this run.
        if (e instanceof AppError && e.code === 'GATEWAY_UNAVAILABLE') unreachable = true;
        else if (e instanceof GatewayUnavailableError) unreachable = true;
        else if (!(e instanceof AppError)) throw e;
      }
      if (done % 50 === 0) ctx.progress('charges', next, ready.length);
    }
  };
  await Promise.all(Array.from({ length: workersFor(stripeRateOf(ctx.db, gateway.mode)) }, worker));
  return done;
}

/**
 * Runs that come every few seconds on a busy desk: they read Stripe's events at most every few
 * minutes (payments/reconcile.ts). Start-up, resume, the 15-minute, midnight and hand runs always do.
 */
const FREQUENT: ReadonlySet<RunTrigger> = new Set<RunTrigger>(['work queued', 'polling']);

export const paymentJobs: DueJob[] = [
  { name: 'payments: card captures', run: pollOpenSetups },
  { name: 'payments: links members pay themselves', run: pollOpenPaymentLinks },
  {
    name: 'payments: settle pending attempts and read gateway events',
    run: async (ctx, trigger) => {
      if (!configured(ctx)) return 0;
      try {
        const r = await reconcile(ctx, { throttleEvents: FREQUENT.has(trigger) });
        return r.settled + r.issues;
      } catch (e) {
        if (e instanceof GatewayUnavailableError) return 0;
        throw e;
      }
    },
  },
  { name: 'payments: charge automatic collection', run: chargeAutomaticInvoices },
];
