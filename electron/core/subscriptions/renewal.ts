import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { invoices, subscriptions } from '../../../db/schema';
import { addDays } from '../../../shared/calendar';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { hasOpenCase } from '../dunning/cases';
import { getPlanRow } from '../plans/plans';
import type { DueJob } from '../scheduler';
import { prepared } from '../prepared';
import { endTrial, periodInfo, resumeSubscription } from './actions';
import { invoicePeriod } from './invoicing';
import { getSubscriptionRow } from './repo';
import { periodStartOf, scheduleFrom } from './schedule';
import { transition, type SubscriptionRow } from './state';

/**
 * Subscriptions with something due by `today` (a superset: `step` decides exactly what). One indexed
 * look-up per kind of due work, so a run with nothing due stays a few milliseconds on 100k
 * subscriptions (DESIGN §9) instead of visiting every active one.
 */
const isDue = (today: string) =>
  inArray(
    subscriptions.id,
    sql`(SELECT id FROM subscriptions WHERE status = 'trialing' AND trial_end <= ${today}
      UNION SELECT id FROM subscriptions WHERE status = 'paused' AND resume_on IS NOT NULL AND resume_on <= ${today}
      UNION SELECT id FROM subscriptions WHERE status IN ('active', 'past_due') AND current_period_end <= ${today}
      UNION SELECT s.id FROM invoices i JOIN subscriptions s ON s.id = i.subscription_id
        WHERE i.status = 'open' AND i.due_date < ${today} AND s.status = 'active'
      UNION SELECT s.id FROM subscriptions s WHERE s.status = 'past_due'
        AND date(s.past_due_since, '+' || (SELECT grace_days FROM plans p WHERE p.id = s.plan_id) || ' days') <= ${today})`,
  );

type Due = { on: string; rank: number; run: () => void };

/**
 * The next thing due for one subscription, by date; on the same day a resume or trial end comes
 * first, then an overdue invoice, then unpaid, then the renewal (a past-due subscription still renews).
 */
function nextDue(tx: Tx, ctx: Ctx, sub: SubscriptionRow, today: string): Due | null {
  const due: Due[] = [];
  if (sub.status === 'paused' && sub.resumeOn) {
    due.push({
      on: sub.resumeOn,
      rank: 0,
      run: () => resumeSubscription(tx, ctx, { id: sub.id }, sub.resumeOn!),
    });
  }
  if (sub.status === 'trialing' && sub.trialEnd)
    due.push({ on: sub.trialEnd, rank: 1, run: () => endTrial(tx, ctx, sub) });
  if (sub.status === 'active') {
    const overdue = prepared(tx, 'invoices.firstOverdue', (d) =>
      d
        .select({ id: invoices.id, dueDate: invoices.dueDate })
        .from(invoices)
        .where(
          and(
            eq(invoices.subscriptionId, sql.placeholder('subscriptionId')),
            eq(invoices.status, 'open'),
            lt(invoices.dueDate, sql.placeholder('today')),
          ),
        )
        .orderBy(asc(invoices.dueDate))
        .prepare(),
    ).get({ subscriptionId: sub.id, today });
    if (overdue?.dueDate) {
      const since = addDays(overdue.dueDate, 1);
      due.push({ on: since, rank: 2, run: () => markPastDue(tx, ctx, sub, overdue.id, since) });
    }
  }
  // A declined card is chased by the dunning policy, which decides when it becomes unpaid; the grace
  // days then only decide access (dunning/access.ts).
  if (sub.status === 'past_due' && sub.pastDueSince && !hasOpenCase(tx, sub.id)) {
    const graceDays = getPlanRow(tx, sub.planId).graceDays;
    const on = addDays(sub.pastDueSince, graceDays);
    due.push({
      on,
      rank: 3,
      run: () =>
        transition(tx, ctx, sub, 'unpaid', {
          type: 'subscription.unpaid',
          effectiveDate: on,
          data: { graceDays },
        }),
    });
  }
  if (sub.status === 'active' || sub.status === 'past_due')
    due.push({ on: sub.currentPeriodEnd, rank: 4, run: () => renew(tx, ctx, sub) });
  const ready = due
    .filter((d) => d.on <= today)
    .sort((a, b) => (a.on === b.on ? a.rank - b.rank : a.on < b.on ? -1 : 1));
  return ready[0] ?? null;
}

function markPastDue(tx: Tx, ctx: Ctx, sub: SubscriptionRow, invoiceId: number, since: string) {
  recordEvent(tx, ctx, {
    type: 'invoice.overdue',
    effectiveDate: since,
    subscriptionId: sub.id,
    memberId: sub.memberId,
    invoiceId,
  });
  transition(
    tx,
    ctx,
    sub,
    'past_due',
    { type: 'subscription.past_due', effectiveDate: since, invoiceId },
    { pastDueSince: since },
  );
}

/**
 * One step of one subscription: whatever is due first. Re-read inside the transaction, so a second
 * run (or a concurrent one) finds nothing left to do for a step already taken.
 */
function step(tx: Tx, ctx: Ctx, id: number, today: string): boolean {
  const next = nextDue(tx, ctx, getSubscriptionRow(tx, id), today);
  next?.run();
  return next !== null;
}

/** The period ended: cancel, expire at term end, switch to a scheduled plan, or bill the next period. */
function renew(tx: Tx, ctx: Ctx, sub: SubscriptionRow): void {
  const end = sub.currentPeriodEnd;
  if (sub.cancelAtPeriodEnd) {
    transition(
      tx,
      ctx,
      sub,
      'canceled',
      {
        type: 'subscription.cancelled',
        effectiveDate: end,
        data: { reason: sub.cancelReason, at: 'period end' },
      },
      { canceledAt: ctx.nowIso(), endedOn: end, pendingPlanId: null },
    );
    return;
  }
  let plan = getPlanRow(tx, sub.planId);
  // A plan that does not renew ends when its term is done: its minimum term, or else its one period.
  if (plan.termEnd === 'expire' && sub.cyclesBilled >= Math.max(1, plan.minimumTermCycles)) {
    transition(
      tx,
      ctx,
      sub,
      'expired',
      {
        type: 'subscription.expired',
        effectiveDate: end,
        data: { reason: plan.minimumTermCycles > 0 ? 'minimum term completed' : 'the plan does not renew' },
      },
      { endedOn: end },
    );
    return;
  }
  let current = sub;
  if (sub.pendingPlanId) {
    const from = plan;
    plan = getPlanRow(tx, sub.pendingPlanId);
    // A new interval starts a new schedule at this period end; the period beginning now is index n.
    let reanchor = {};
    if (plan.interval !== from.interval || plan.intervalCount !== from.intervalCount) {
      const billingDay = plan.interval === 'month' || plan.interval === 'year' ? sub.billingDay : null;
      const { anchorDate, anchorDay, anchorIndex } = scheduleFrom(end, plan, billingDay, sub.periodIndex + 1);
      reanchor = { anchorDate, anchorDay, anchorIndex };
    }
    current = transition(
      tx,
      ctx,
      sub,
      null,
      {
        type: 'subscription.plan_changed',
        effectiveDate: end,
        data: { from: from.name, to: plan.name, at: 'period end' },
      },
      { planId: plan.id, price: plan.price, pendingPlanId: null, ...reanchor },
    );
  }
  const n = current.periodIndex + 1;
  const nextEnd = periodStartOf(current, plan, n + 1);
  const invoice = invoicePeriod(tx, ctx, { ...current, periodIndex: n }, plan, {
    periodStart: end,
    periodEnd: nextEnd,
    prorated: periodInfo(end, nextEnd, plan, current.anchorDay),
    usageFrom: { start: sub.currentPeriodStart, end },
    reason: 'subscription_cycle',
  });
  const cycles = current.cyclesBilled + 1;
  transition(
    tx,
    ctx,
    current,
    null,
    {
      type: 'subscription.renewed',
      effectiveDate: end,
      invoiceId: invoice?.id ?? null,
      data: { periodStart: end, periodEnd: nextEnd },
    },
    { periodIndex: n, currentPeriodStart: end, currentPeriodEnd: nextEnd, cyclesBilled: cycles },
  );
  if (plan.minimumTermCycles > 0 && cycles === plan.minimumTermCycles) {
    recordEvent(tx, ctx, {
      type: 'subscription.term_completed',
      effectiveDate: end,
      subscriptionId: sub.id,
      memberId: sub.memberId,
      data: { cycles },
    });
  }
}

/**
 * Runs every due subscription step up to today, one transaction per step. Each pass walks the due
 * subscriptions by id and takes one step of each; a subscription that missed several periods takes
 * one per pass, so its own steps stay in date order while the batch queries stay on the primary key.
 */
export function runSubscriptionSteps(ctx: Ctx): number {
  const today = businessToday(ctx.db, ctx.now());
  const failed = new Set<number>();
  let done = 0;
  for (;;) {
    let progressed = 0;
    let cursor = 0;
    for (;;) {
      const batch = ctx.db
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(and(gt(subscriptions.id, cursor), isDue(today)))
        .orderBy(asc(subscriptions.id))
        .limit(500)
        .all();
      if (!batch.length) break;
      cursor = batch[batch.length - 1]!.id;
      for (const { id } of batch) {
        if (failed.has(id)) continue;
        try {
          if (ctx.write((tx) => step(tx, ctx, id, today))) progressed++;
        } catch (e) {
          // Skipped until the next run; the others go on.
          failed.add(id);
          ctx.ports.logger.error('Billing step failed; it is retried on the next run', {
            subscriptionId: id,
            error: e instanceof Error ? (e.stack ?? e.message) : String(e),
          });
        }
      }
    }
    done += progressed;
    if (progressed === 0) return done;
  }
}

export const billingJobs: DueJob[] = [
  { name: 'billing: trials, pauses, overdue invoices and renewals', run: runSubscriptionSteps },
];
