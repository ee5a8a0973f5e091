import { and, asc, eq, isNull } from 'drizzle-orm';
import { gatewayIssues, payments, refunds } from '../../../db/schema';
import { formatMoney } from '../../../shared/money';
import type { Ctx } from '../context';
import { getSettings } from '../settings/repo';
import { gatewayOf, readState, writeState } from './access';
import { recordChargeOutcome, sendAttempt } from './charge';
import { GatewayUnavailableError } from './gateways/gateway';
import { recordRefundOutcome, sendRefund } from './refunds';

/** Stripe keeps idempotency keys for 24 hours; past that a repeat could be a second charge. */
const REPEAT_WINDOW_MS = 23 * 3600_000;
/** Stripe keeps events for 30 days. */
const EVENTS_WINDOW_MS = 30 * 86_400_000;
/**
 * Reading Stripe's events catches what Recur missed (dashboard refunds, disputes, lost answers). A
 * busy desk nudges the scheduler every few seconds, so those runs read them at most this often.
 */
export const EVENTS_EVERY_MS = 5 * 60_000;

function raiseIssue(
  ctx: Ctx,
  key: string,
  kind: string,
  summary: string,
  data: Record<string, unknown> = {},
): boolean {
  return ctx.write((tx) => {
    const known = tx
      .select({ id: gatewayIssues.id })
      .from(gatewayIssues)
      .where(eq(gatewayIssues.gatewayEventId, key))
      .get();
    if (known) return false;
    tx.insert(gatewayIssues)
      .values({ gatewayEventId: key, kind, summary, data: JSON.stringify(data), createdAt: ctx.nowIso() })
      .run();
    return true;
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * Settles every attempt left pending (a crash, a lost answer, Stripe unreachable) by repeating it
 * with its own key, then reads what happened at Stripe since the last time: refunds made in its
 * dashboard, disputes, outcomes Recur missed. What cannot be matched is listed for the owner.
 * `throttleEvents` (frequent runs): the settling always happens, the events are read only when the
 * last read is EVENTS_EVERY_MS old or an attempt is still pending, whose outcome may be only there.
 */
export async function reconcile(
  ctx: Ctx,
  options: { throttleEvents?: boolean } = {},
): Promise<{ settled: number; events: number; issues: number }> {
  const gateway = gatewayOf(ctx);
  let settled = 0;
  let issues = 0;
  let unsettled = false;

  const pendingCharges = ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.status, 'pending'), eq(payments.method, 'card')))
    .orderBy(asc(payments.id))
    .all();
  for (const p of pendingCharges) {
    if (ctx.now().getTime() - Date.parse(p.createdAt) > REPEAT_WINDOW_MS) {
      if (
        raiseIssue(
          ctx,
          `stale-charge:${p.id}`,
          'charge_unconfirmed',
          `A card charge of invoice #${p.invoiceId} from ${p.createdAt.slice(0, 10)} was never confirmed. Look it up in Stripe before charging again.`,
          { paymentId: p.id },
        )
      )
        issues++;
      continue;
    }
    try {
      if ((await sendAttempt(ctx, p.id)).status !== 'pending') settled++;
      else unsettled = true;
    } catch (e) {
      if (e instanceof GatewayUnavailableError) {
        unsettled = true;
        break;
      }
      throw e;
    }
  }
  const pendingRefunds = ctx.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.status, 'pending'), eq(refunds.method, 'card')))
    .all();
  for (const r of pendingRefunds) {
    try {
      if ((await sendRefund(ctx, r.id)).status !== 'pending') settled++;
      else unsettled = true;
    } catch (e) {
      if (e instanceof GatewayUnavailableError) {
        unsettled = true;
        break;
      }
      throw e;
    }
  }

  const cursor = readState(ctx.db, 'eventsCursor');
  if (options.throttleEvents && cursor && !unsettled) {
    // The cursor is when the last read started, on the injected clock.
    const sinceRead = ctx.now().getTime() - Date.parse(cursor);
    if (sinceRead >= 0 && sinceRead < EVENTS_EVERY_MS) return { settled, events: 0, issues };
  }
  const floor = ctx.now().getTime() - EVENTS_WINDOW_MS;
  const since = new Date(Math.max(cursor ? Date.parse(cursor) : floor, floor));
  const startedAt = ctx.now();
  const events = await gateway.eventsSince(since);
  for (const event of events) {
    const o = event.object;
    if (event.type === 'charge.refunded') {
      const intentId = str(o.payment_intent);
      const payment = intentId
        ? ctx.db.select().from(payments).where(eq(payments.gatewayId, intentId)).get()
        : undefined;
      if (!payment) {
        if (
          raiseIssue(
            ctx,
            event.id,
            'unmatched_refund',
            `A refund was made in Stripe on a payment Recur does not know (${intentId ?? 'unknown'}).`,
          )
        )
          issues++;
        continue;
      }
      // Refunded at Stripe beyond what Recur recorded: a refund made in the dashboard.
      const recorded = ctx.db
        .select()
        .from(refunds)
        .where(and(eq(refunds.paymentId, payment.id)))
        .all()
        .filter((r) => r.status !== 'failed')
        .reduce((s, r) => s + r.amount, 0);
      const missing = num(o.amount_refunded) - recorded;
      if (missing > 0) {
        ctx.write((tx) => {
          const key = `stripe-event:${event.id}`;
          if (tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.idempotencyKey, key)).get())
            return;
          const row = tx
            .insert(refunds)
            .values({
              paymentId: payment.id,
              memberId: payment.memberId,
              amount: missing,
              currency: payment.currency,
              reason: 'Refunded in the Stripe dashboard',
              method: 'card',
              status: 'pending',
              idempotencyKey: key,
              createdAt: ctx.nowIso(),
            })
            .returning({ id: refunds.id })
            .get();
          recordRefundOutcome(tx, ctx, row.id, { status: 'succeeded', gatewayId: str(o.id) ?? event.id });
        });
        settled++;
      }
    } else if (event.type === 'charge.dispute.created') {
      const amount = num(o.amount);
      // Stripe gives amounts in minor units and currencies in lower case.
      const currency = (str(o.currency) ?? getSettings(ctx.db).currency).toUpperCase();
      const disputed = formatMoney(amount, currency, getSettings(ctx.db).locale);
      if (
        raiseIssue(
          ctx,
          event.id,
          'dispute',
          `A member disputed a card payment (${disputed}) with their bank. Answer it in Stripe.`,
          { charge: o.charge, payment_intent: o.payment_intent },
        )
      )
        issues++;
    } else if (event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed') {
      const metadata = (o.metadata ?? {}) as Record<string, string>;
      const id = Number(metadata.recur_payment_id);
      const payment = id ? ctx.db.select().from(payments).where(eq(payments.id, id)).get() : undefined;
      if (!payment || payment.status !== 'pending') continue;
      const err = (o.last_payment_error ?? {}) as Record<string, unknown>;
      ctx.write((tx) =>
        recordChargeOutcome(
          tx,
          ctx,
          payment.id,
          event.type === 'payment_intent.succeeded'
            ? { status: 'succeeded', gatewayId: str(o.id)! }
            : {
                status: 'failed',
                gatewayId: str(o.id),
                code: str(err.code) ?? 'payment_failed',
                declineCode: str(err.decline_code),
                message: str(err.message) ?? 'The payment failed.',
              },
        ),
      );
      settled++;
    }
  }
  ctx.write((tx) => writeState(tx, 'eventsCursor', startedAt.toISOString(), ctx.nowIso()));
  return { settled, events: events.length, issues };
}

export const openIssues = (ctx: Ctx) =>
  ctx.db
    .select()
    .from(gatewayIssues)
    .where(isNull(gatewayIssues.resolvedAt))
    .orderBy(asc(gatewayIssues.id))
    .all();
