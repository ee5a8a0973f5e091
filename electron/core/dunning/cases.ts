import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/open';
import { dunningCases, invoices, subscriptions } from '../../../db/schema';
import { addDays } from '../../../shared/calendar';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { closeInvoice } from '../invoices/settle';
import { transition } from '../subscriptions/state';
import { getPolicy } from './policy';

export type CaseRow = typeof dunningCases.$inferSelect;

/**
 * Declines that no retry will fix (Stripe: "do not retry" codes): the card is gone or barred. The
 * member is still told; only a new card (or the desk) settles it.
 */
const HARD_DECLINES = new Set([
  'stolen_card',
  'lost_card',
  'pickup_card',
  'restricted_card',
  'do_not_honor',
  'expired_card',
  'fraudulent',
]);

/** Subscription statuses whose invoices are chased (never a sale still waiting for its first payment). */
const CHASED = new Set<string>(['active', 'past_due', 'unpaid', 'trialing']);

export const isHardDecline = (code: string | null, declineCode: string | null) =>
  HARD_DECLINES.has(declineCode ?? '') || HARD_DECLINES.has(code ?? '');

export const caseOfInvoice = (db: DbOrTx, invoiceId: number): CaseRow | null =>
  db.select().from(dunningCases).where(eq(dunningCases.invoiceId, invoiceId)).get() ?? null;

/** When the case next needs the scheduler: the next retry, or after a hard decline the last day. */
function nextDate(startedOn: string, step: number, hard: boolean, retryDays: number[]): string | null {
  if (hard) return addDays(startedOn, retryDays[retryDays.length - 1]!);
  return step < retryDays.length ? addDays(startedOn, retryDays[step]!) : null;
}

/** Scheduled retries whose day has come by `today` (at least one more than `done`). */
function stepsDue(startedOn: string, today: string, retryDays: number[], done: number): number {
  const passed = retryDays.filter((d) => addDays(startedOn, d) <= today).length;
  return Math.min(retryDays.length, Math.max(done + 1, passed));
}

function update(tx: Tx, ctx: Ctx, c: CaseRow, set: Partial<CaseRow>): CaseRow {
  return tx
    .update(dunningCases)
    .set({ ...set, updatedAt: ctx.nowIso() })
    .where(eq(dunningCases.id, c.id))
    .returning()
    .get()!;
}

const eventBase = (c: Pick<CaseRow, 'invoiceId' | 'memberId' | 'subscriptionId'>) => ({
  invoiceId: c.invoiceId,
  memberId: c.memberId,
  subscriptionId: c.subscriptionId,
});

/**
 * Called in the transaction that records a declined card attempt (payments/charge.ts). The first
 * decline opens the case; a decline on a scheduled retry day uses up that step (and the last one
 * ends the schedule); any other decline (a card update, "retry" at the desk) only records itself.
 */
export function recordDecline(
  tx: Tx,
  ctx: Ctx,
  attempt: {
    invoiceId: number;
    memberId: number;
    attempt: number;
    failureCode: string | null;
    declineCode: string | null;
  },
  reason: string,
): void {
  const invoice = tx.select().from(invoices).where(eq(invoices.id, attempt.invoiceId)).get();
  if (!invoice || invoice.status !== 'open' || !invoice.subscriptionId) return;
  // Only automatic collection is chased; a desk sale's decline is the desk's to handle there and then.
  const sub = tx.select().from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId)).get();
  if (!sub || sub.collection !== 'automatic' || !CHASED.has(sub.status)) return;
  const today = businessToday(tx, ctx.now());
  const { retryDays } = getPolicy(tx);
  const hard = isHardDecline(attempt.failureCode, attempt.declineCode);
  const existing = caseOfInvoice(tx, invoice.id);
  if (!existing) {
    const next = nextDate(today, 0, hard, retryDays);
    const now = ctx.nowIso();
    tx.insert(dunningCases)
      .values({
        invoiceId: invoice.id,
        memberId: invoice.memberId,
        subscriptionId: invoice.subscriptionId,
        status: 'active',
        startedOn: today,
        step: 0,
        nextRetryOn: next,
        hardDecline: hard,
        lastAttemptAt: now,
        lastReason: reason,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    recordEvent(tx, ctx, {
      type: 'dunning.started',
      effectiveDate: today,
      ...eventBase({
        invoiceId: invoice.id,
        memberId: invoice.memberId,
        subscriptionId: invoice.subscriptionId,
      }),
      data: {
        attempt: attempt.attempt,
        reason,
        hard,
        nextRetryOn: next,
        retries: hard ? 0 : retryDays.length,
      },
    });
    ctx.changed('debtors', [invoice.memberId]);
    return;
  }
  if (existing.status !== 'active' && existing.status !== 'exhausted') return;
  // A scheduled retry whose day has come: that step is used up, whatever asked for the charge.
  const scheduled =
    existing.status === 'active' &&
    !existing.hardDecline &&
    existing.nextRetryOn !== null &&
    existing.nextRetryOn <= today;
  // After days without a run (the app was closed), one try stands for every retry day that passed:
  // the card is never tried several times in a row to catch up.
  const step = scheduled ? stepsDue(existing.startedOn, today, retryDays, existing.step) : existing.step;
  const hardNow = existing.hardDecline || hard;
  const next = existing.status === 'active' ? nextDate(existing.startedOn, step, hardNow, retryDays) : null;
  const c = update(tx, ctx, existing, {
    step,
    nextRetryOn: next,
    retryNow: false,
    hardDecline: hardNow,
    lastAttemptAt: ctx.nowIso(),
    lastReason: reason,
  });
  recordEvent(tx, ctx, {
    type: 'dunning.retry_failed',
    effectiveDate: today,
    ...eventBase(c),
    data: { attempt: attempt.attempt, reason, step, of: retryDays.length, nextRetryOn: next, hard: hardNow },
  });
  if (c.status === 'active' && next === null) exhaust(tx, ctx, c, today);
  ctx.changed('debtors', [c.memberId]);
}

/** A scheduled retry that could not be made (no card on file, card payments not set up). */
export function skipRetry(tx: Tx, ctx: Ctx, c: CaseRow, why: string): void {
  const today = businessToday(tx, ctx.now());
  const { retryDays } = getPolicy(tx);
  const scheduled = c.nextRetryOn !== null && c.nextRetryOn <= today && !c.hardDecline;
  const step = scheduled ? stepsDue(c.startedOn, today, retryDays, c.step) : c.step;
  const next = nextDate(c.startedOn, step, c.hardDecline, retryDays);
  const updated = update(tx, ctx, c, { step, nextRetryOn: next, retryNow: false, lastReason: why });
  recordEvent(tx, ctx, {
    type: 'dunning.retry_skipped',
    effectiveDate: today,
    ...eventBase(c),
    data: { reason: why, step, of: retryDays.length, nextRetryOn: next },
  });
  if (next === null) exhaust(tx, ctx, updated, today);
  ctx.changed('debtors', [c.memberId]);
}

/**
 * Retries ran out (or a hard decline's last day came): the policy decides what happens to the
 * subscription, and optionally the invoice is marked uncollectible. The money stays owed either way.
 */
export function exhaust(tx: Tx, ctx: Ctx, c: CaseRow, today: string): void {
  if (c.status !== 'active') return;
  const policy = getPolicy(tx);
  update(tx, ctx, c, {
    status: 'exhausted',
    nextRetryOn: null,
    retryNow: false,
    outcome: policy.whenExhausted,
  });
  const sub = c.subscriptionId
    ? tx.select().from(subscriptions).where(eq(subscriptions.id, c.subscriptionId)).get()
    : null;
  if (sub && (sub.status === 'past_due' || sub.status === 'active')) {
    if (policy.whenExhausted === 'unpaid' && sub.status === 'past_due') {
      transition(tx, ctx, sub, 'unpaid', {
        type: 'subscription.unpaid',
        effectiveDate: today,
        invoiceId: c.invoiceId,
        data: { reason: 'card retries ran out' },
      });
    } else if (policy.whenExhausted === 'cancel') {
      transition(
        tx,
        ctx,
        sub,
        'canceled',
        {
          type: 'subscription.cancelled',
          effectiveDate: today,
          invoiceId: c.invoiceId,
          data: { reason: 'card retries ran out' },
        },
        { canceledAt: ctx.nowIso(), endedOn: today, cancelAtPeriodEnd: false, pendingPlanId: null },
      );
    }
  }
  if (policy.markUncollectible)
    closeInvoice(tx, ctx, c.invoiceId, 'uncollectible', 'Card retries ran out', { keepSubscription: true });
  recordEvent(tx, ctx, {
    type: 'dunning.exhausted',
    effectiveDate: today,
    ...eventBase(c),
    data: { action: policy.whenExhausted, uncollectible: policy.markUncollectible },
  });
}

/**
 * The invoice was paid (card, link or desk) or closed: the case ends, in the same transaction.
 * Called from invoices/settle.ts.
 */
export function endDunning(
  tx: Tx,
  ctx: Ctx,
  invoiceId: number,
  how: 'paid' | 'void' | 'uncollectible',
): void {
  const c = caseOfInvoice(tx, invoiceId);
  if (!c || (c.status !== 'active' && c.status !== 'exhausted')) return;
  // Exhausted cases marked uncollectible by the policy itself stay exhausted: that is their story.
  if (how === 'uncollectible' && c.status === 'exhausted') return;
  const today = businessToday(tx, ctx.now());
  update(tx, ctx, c, {
    status: how === 'paid' ? 'recovered' : 'closed',
    nextRetryOn: null,
    retryNow: false,
    endedOn: today,
    outcome: how === 'paid' ? 'paid' : how === 'void' ? 'voided' : 'written off',
  });
  recordEvent(tx, ctx, {
    type: how === 'paid' ? 'dunning.recovered' : 'dunning.ended',
    effectiveDate: today,
    ...eventBase(c),
    data: { step: c.step, how },
  });
  ctx.changed('debtors', [c.memberId]);
}

/**
 * A new card was captured for the member: every invoice being chased is tried again at once (at the
 * next run, which the capture's commit nudges), including after retries ran out.
 */
export function cardUpdated(tx: Tx, ctx: Ctx, memberId: number): number {
  const open = tx
    .select({ c: dunningCases })
    .from(dunningCases)
    .innerJoin(invoices, eq(invoices.id, dunningCases.invoiceId))
    .where(
      and(
        eq(dunningCases.memberId, memberId),
        inArray(dunningCases.status, ['active', 'exhausted']),
        eq(invoices.status, 'open'),
      ),
    )
    .all();
  const today = businessToday(tx, ctx.now());
  for (const { c } of open) {
    update(tx, ctx, c, { retryNow: true, hardDecline: false });
    recordEvent(tx, ctx, { type: 'dunning.card_updated', effectiveDate: today, ...eventBase(c) });
  }
  if (open.length) ctx.changed('debtors', [memberId]);
  return open.length;
}

/** Whether a subscription is being chased under the policy (its grace→unpaid rule then waits). */
export const hasOpenCase = (db: DbOrTx, subscriptionId: number): boolean =>
  Boolean(
    db
      .select({ id: dunningCases.id })
      .from(dunningCases)
      .where(and(eq(dunningCases.subscriptionId, subscriptionId), eq(dunningCases.status, 'active')))
      .get(),
  );
