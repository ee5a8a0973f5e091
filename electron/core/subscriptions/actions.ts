import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import {
  couponRedemptions,
  creditNotes,
  invoiceLines,
  invoices,
  paymentMethods,
  subscriptions,
} from '../../../db/schema';
import { addDays, compareDates, daysBetween } from '../../../shared/calendar';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import { addBalanceEntry } from '../billing/balance';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { computeLines, totalsOf } from '../invoices/lines';
import { finalizeInvoice, insertDraft } from '../invoices/repo';
import { issueCreditNote, settleIfPaid } from '../invoices/settle';
import { getMemberRow } from '../members/repo';
import { redeemableCoupon, redeemCoupon } from '../plans/coupons';
import { getPlanRow, type PlanRow } from '../plans/plans';
import { mulDivHalfUp } from '../../../shared/money';
import { invoicePeriod, prorationLines } from './invoicing';
import { getSubscriptionRow } from './repo';
import { fullPeriodDays, scheduleFrom, type Schedule } from './schedule';
import { assertCan, HELD_STATUSES, isLive, transition, type SubscriptionRow } from './state';
import { notifySubscriptionChange } from '../messages/fire';

/** What an action did: enough for its confirmation and for its preview. */
export interface ActionResult {
  sub: SubscriptionRow;
  /** The invoice this action created, if any. */
  invoiceId: number | null;
  balanceCredit: number;
  summary: string;
}

/** Days billed of a full period's days, when a period is a short stub (before a billing day). */
export const periodInfo = (start: string, end: string, plan: PlanRow, anchorDay: number) => {
  const days = daysBetween(start, end);
  const of = fullPeriodDays(end, anchorDay, plan);
  return days < of ? { days, of } : null;
};

/**
 * Whether the subscription can be paid when its trial ends (DESIGN §5): manual collection is paid at
 * the desk; automatic collection needs an active card on file.
 */
export const hasWayToPay = (tx: Tx, sub: SubscriptionRow) =>
  sub.collection === 'manual' ||
  Boolean(
    tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.memberId, sub.memberId),
          eq(paymentMethods.status, 'active'),
          eq(paymentMethods.isDefault, true),
        ),
      )
      .get(),
  );

function assertNoLiveDuplicate(tx: Tx, memberId: number, planId: number, exceptId?: number) {
  const clash = tx
    .select({ id: subscriptions.id, status: subscriptions.status })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.memberId, memberId),
        eq(subscriptions.planId, planId),
        inArray(subscriptions.status, [...HELD_STATUSES]),
      ),
    )
    .all()
    .filter((r) => r.id !== exceptId);
  if (clash.some((r) => r.status === 'incomplete')) {
    throw new AppError(
      'CONFLICT',
      'This member already has an unpaid sale of this plan. Take its payment or cancel it first.',
      { planId: 'Sale waiting for payment' },
    );
  }
  if (clash.length) {
    throw new AppError('CONFLICT', 'This member already has a live subscription to this plan.', {
      planId: 'Already subscribed',
    });
  }
}

/** Invoices the first period of a schedule (prorated when it is a short stub before a billing day). */
function invoiceFirstPeriod(
  tx: Tx,
  ctx: Ctx,
  sub: SubscriptionRow,
  plan: PlanRow,
  schedule: Schedule,
  setupFee: boolean,
) {
  return invoicePeriod(tx, ctx, sub, plan, {
    periodStart: schedule.currentPeriodStart,
    periodEnd: schedule.currentPeriodEnd,
    prorated: periodInfo(schedule.currentPeriodStart, schedule.currentPeriodEnd, plan, schedule.anchorDay),
    setupFee,
    reason: 'subscription_create',
  });
}

export function createSubscription(
  tx: Tx,
  ctx: Ctx,
  input: {
    memberId: number;
    planId: number;
    startDate?: string | undefined;
    billingDay?: number | undefined;
    couponCode?: string | undefined;
    collection: 'automatic' | 'manual';
  },
  /** A desk sale: `incomplete` until its first invoice is paid (a trial needs no payment). */
  options: { awaitPayment?: boolean } = {},
): ActionResult {
  const today = businessToday(tx, ctx.now());
  const member = getMemberRow(tx, input.memberId);
  if (member.status !== 'active')
    throw new AppError('CONFLICT', 'This member is archived. Restore them first.');
  const plan = getPlanRow(tx, input.planId);
  if (plan.status !== 'active') {
    throw new AppError('CONFLICT', `${plan.name} is archived and takes no new subscribers.`, {
      planId: 'Archived plan',
    });
  }
  const billingDay = input.billingDay ?? null;
  if (billingDay !== null && plan.interval !== 'month' && plan.interval !== 'year') {
    throw new AppError('VALIDATION', 'A billing day only fits monthly or yearly plans.', {
      billingDay: 'Only for monthly or yearly plans',
    });
  }
  assertNoLiveDuplicate(tx, member.id, plan.id);
  const start = input.startDate ?? today;
  const coupon = input.couponCode ? redeemableCoupon(tx, input.couponCode, today, plan.currency) : null;
  const trialEnd = plan.trialDays > 0 ? addDays(start, plan.trialDays) : null;
  const schedule = scheduleFrom(trialEnd ?? start, plan, billingDay);
  const now = ctx.nowIso();

  let sub = tx
    .insert(subscriptions)
    .values({
      memberId: member.id,
      planId: plan.id,
      status: trialEnd ? 'trialing' : options.awaitPayment ? 'incomplete' : 'active',
      collection: input.collection,
      price: plan.price,
      currency: plan.currency,
      startDate: start,
      trialEnd,
      ...schedule,
      // During a trial the current period is the trial itself; billing periods start when it ends.
      ...(trialEnd ? { currentPeriodStart: start, currentPeriodEnd: trialEnd } : {}),
      billingDay,
      couponId: coupon?.id ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  recordEvent(tx, ctx, {
    type: 'subscription.created',
    effectiveDate: start,
    subscriptionId: sub.id,
    memberId: member.id,
    data: { plan: plan.name, status: sub.status, trialEnd, collection: input.collection },
  });
  if (coupon) {
    redeemCoupon(tx, coupon);
    tx.insert(couponRedemptions)
      .values({ couponId: coupon.id, subscriptionId: sub.id, memberId: member.id, createdAt: now })
      .run();
    recordEvent(tx, ctx, {
      type: 'coupon.redeemed',
      effectiveDate: today,
      subscriptionId: sub.id,
      memberId: member.id,
      data: { code: coupon.code },
    });
  }
  let invoiceId: number | null = null;
  if (!trialEnd) {
    invoiceId = invoiceFirstPeriod(tx, ctx, sub, plan, schedule, true)?.id ?? null;
    sub = tx
      .update(subscriptions)
      .set({ cyclesBilled: 1 })
      .where(eq(subscriptions.id, sub.id))
      .returning()
      .get()!;
  }
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'created',
    after: { plan: plan.name, member: `${member.firstName} ${member.lastName}` },
  });
  ctx.changed('subscriptions', [sub.id]);
  notifySubscriptionChange(tx, ctx, 'subscription_started', sub.id);
  return {
    sub: getSubscriptionRow(tx, sub.id),
    invoiceId,
    balanceCredit: 0,
    summary: trialEnd
      ? `${plan.name} starts with a ${plan.trialDays}-day trial; the first invoice is on ${trialEnd}.`
      : `${plan.name} starts on ${start}; the next renewal is on ${schedule.currentPeriodEnd}.`,
  };
}

/** Ends a trial: the first real period is invoiced, or the subscription expires when it cannot be paid. */
export function endTrial(tx: Tx, ctx: Ctx, sub: SubscriptionRow): ActionResult {
  const plan = getPlanRow(tx, sub.planId);
  const trialEnd = sub.trialEnd!;
  if (!hasWayToPay(tx, sub) && sub.price > 0) {
    const ended = transition(
      tx,
      ctx,
      sub,
      'expired',
      { type: 'trial.ended', effectiveDate: trialEnd, data: { outcome: 'expired: no way to pay' } },
      { endedOn: trialEnd },
    );
    recordEvent(tx, ctx, {
      type: 'subscription.expired',
      effectiveDate: trialEnd,
      subscriptionId: sub.id,
      memberId: sub.memberId,
      data: { reason: 'trial ended without a way to pay' },
    });
    return {
      sub: ended,
      invoiceId: null,
      balanceCredit: 0,
      summary: 'The trial ended without a way to pay, so the subscription expired.',
    };
  }
  const schedule = scheduleFrom(trialEnd, plan, sub.billingDay);
  let active = transition(
    tx,
    ctx,
    sub,
    'active',
    { type: 'trial.ended', effectiveDate: trialEnd },
    { ...schedule },
  );
  const invoice = invoiceFirstPeriod(tx, ctx, active, plan, schedule, true);
  active = tx
    .update(subscriptions)
    .set({ cyclesBilled: active.cyclesBilled + 1 })
    .where(eq(subscriptions.id, sub.id))
    .returning()
    .get()!;
  return {
    sub: active,
    invoiceId: invoice?.id ?? null,
    balanceCredit: 0,
    summary: `The trial ended; the first period is invoiced.`,
  };
}

export function changePlan(
  tx: Tx,
  ctx: Ctx,
  input: { id: number; planId: number; when: 'now' | 'period_end' },
): ActionResult {
  const sub = getSubscriptionRow(tx, input.id);
  if (!isLive(sub.status))
    throw new AppError(
      'CONFLICT',
      `This subscription is ${sub.status}; reactivate it before changing its plan.`,
    );
  const from = getPlanRow(tx, sub.planId);
  const to = getPlanRow(tx, input.planId);
  if (to.id === from.id)
    throw new AppError('CONFLICT', `The subscription is already on ${to.name}.`, { planId: 'Same plan' });
  if (to.status !== 'active')
    throw new AppError('CONFLICT', `${to.name} is archived.`, { planId: 'Archived plan' });
  if (to.currency !== sub.currency)
    throw new AppError('CONFLICT', `${to.name} is billed in ${to.currency}, not ${sub.currency}.`);
  assertNoLiveDuplicate(tx, sub.memberId, to.id, sub.id);
  const today = businessToday(tx, ctx.now());

  if (input.when === 'period_end') {
    const updated = transition(
      tx,
      ctx,
      sub,
      null,
      {
        type: 'subscription.plan_change_scheduled',
        effectiveDate: sub.currentPeriodEnd,
        data: { from: from.name, to: to.name },
      },
      { pendingPlanId: to.id },
    );
    return {
      sub: updated,
      invoiceId: null,
      balanceCredit: 0,
      summary: `Moves from ${from.name} to ${to.name} on ${sub.currentPeriodEnd}, at the next renewal.`,
    };
  }
  if (sub.status === 'paused')
    throw new AppError('CONFLICT', 'Resume the subscription before changing its plan now.');
  if (sub.status === 'trialing') {
    const updated = transition(
      tx,
      ctx,
      sub,
      null,
      {
        type: 'subscription.plan_changed',
        effectiveDate: today,
        data: { from: from.name, to: to.name, during: 'trial' },
      },
      { planId: to.id, price: to.price, pendingPlanId: null },
    );
    return {
      sub: updated,
      invoiceId: null,
      balanceCredit: 0,
      summary: `Now on ${to.name}; the trial continues to ${sub.trialEnd}.`,
    };
  }

  if (from.interval !== to.interval || from.intervalCount !== to.intervalCount) {
    // A new interval means a new schedule; starting it mid-period would bill overlapping periods.
    throw new AppError(
      'CONFLICT',
      `${to.name} bills on a different interval, so the change takes effect at the period end (${sub.currentPeriodEnd}).`,
      { when: 'Choose “at period end”' },
    );
  }
  // Upgrade or downgrade now: credit the unused days of the old price, charge them on the new one.
  const remaining = daysBetween(today, sub.currentPeriodEnd);
  const of = fullPeriodDays(sub.currentPeriodEnd, sub.anchorDay, from);
  const lines = prorationLines(
    tx,
    { plan: from, price: sub.price },
    { plan: to, price: to.price },
    remaining,
    of,
    today,
    sub.currentPeriodEnd,
  );
  const net = totalsOf(computeLines(lines, null)).total;
  let invoiceId: number | null = null;
  let balanceCredit = 0;
  if (net > 0) {
    const draft = insertDraft(tx, ctx, {
      memberId: sub.memberId,
      subscriptionId: sub.id,
      reason: 'subscription_update',
      currency: sub.currency,
      lines,
      coupon: null,
      periodStart: today,
      periodEnd: sub.currentPeriodEnd,
    });
    finalizeInvoice(tx, ctx, draft.id);
    invoiceId = settleIfPaid(tx, ctx, draft.id).id;
  } else if (net < 0) {
    // Downgrade now: the difference goes to the member's balance for their next invoices.
    balanceCredit = -net;
    addBalanceEntry(tx, {
      memberId: sub.memberId,
      amount: balanceCredit,
      currency: sub.currency,
      reason: `Unused time on ${from.name}`,
      createdAt: ctx.nowIso(),
    });
    recordEvent(tx, ctx, {
      type: 'balance.credited',
      effectiveDate: today,
      subscriptionId: sub.id,
      memberId: sub.memberId,
      data: { amount: balanceCredit, reason: `Plan change from ${from.name}` },
    });
  }
  const updated = transition(
    tx,
    ctx,
    sub,
    null,
    {
      type: 'subscription.plan_changed',
      effectiveDate: today,
      invoiceId,
      data: { from: from.name, to: to.name },
    },
    { planId: to.id, price: to.price, pendingPlanId: null },
  );
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'plan changed',
    before: { plan: from.name },
    after: { plan: to.name },
  });
  return {
    sub: updated,
    invoiceId,
    balanceCredit,
    summary:
      balanceCredit > 0 && !invoiceId
        ? `Now on ${to.name}; the unused time is credited to the member's balance.`
        : `Now on ${to.name}.`,
  };
}

/** The plan charge of the current period's invoice, after discount and with tax: the refund basis. */
function currentPeriodCharge(tx: Tx, sub: SubscriptionRow): { invoiceId: number; amount: number } | null {
  const invoice = tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.subscriptionId, sub.id),
        eq(invoices.periodStart, sub.currentPeriodStart),
        inArray(invoices.status, ['open', 'paid']),
      ),
    )
    .get();
  if (!invoice) return null;
  const lines = tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, 'plan')))
    .all();
  return { invoiceId: invoice.id, amount: lines.reduce((s, l) => s + l.total, 0) };
}

/** Whether a credit note was issued on the current period's invoice (a refund for its unused days). */
function periodWasCredited(tx: Tx, sub: SubscriptionRow): boolean {
  const charge = currentPeriodCharge(tx, sub);
  if (!charge) return false;
  return Boolean(
    tx
      .select({ id: creditNotes.id })
      .from(creditNotes)
      .where(eq(creditNotes.invoiceId, charge.invoiceId))
      .get(),
  );
}

export function cancelSubscription(
  tx: Tx,
  ctx: Ctx,
  input: { id: number; when: 'now' | 'period_end'; reason: string },
): ActionResult {
  const sub = getSubscriptionRow(tx, input.id);
  assertCan(sub, 'canceled', 'canceled');
  if (sub.status === 'canceled') throw new AppError('CONFLICT', 'This subscription is already canceled.');
  const plan = getPlanRow(tx, sub.planId);
  const today = businessToday(tx, ctx.now());
  const termLeft = plan.minimumTermCycles - sub.cyclesBilled;
  if (termLeft > 0) {
    throw new AppError(
      'CONFLICT',
      `${plan.name} has a minimum term of ${plan.minimumTermCycles} billing periods and ${termLeft} more must be billed before it can end.`,
    );
  }
  if (input.when === 'period_end' && sub.status !== 'paused') {
    const updated = transition(
      tx,
      ctx,
      sub,
      null,
      {
        type: 'subscription.cancel_scheduled',
        effectiveDate: sub.currentPeriodEnd,
        data: { reason: input.reason },
      },
      { cancelAtPeriodEnd: true, cancelReason: input.reason },
    );
    recordAudit(tx, ctx, {
      entity: 'subscription',
      entityId: sub.id,
      action: 'cancel scheduled',
      after: { reason: input.reason },
    });
    notifySubscriptionChange(tx, ctx, 'subscription_cancelled', sub.id);
    return {
      sub: updated,
      invoiceId: null,
      balanceCredit: 0,
      summary: `Access continues until ${sub.currentPeriodEnd}; nothing more is billed.`,
    };
  }

  // Cancel now: the plan's refund policy decides the credit for the unused part of the period.
  let credit = 0;
  const charge = sub.status === 'trialing' ? null : currentPeriodCharge(tx, sub);
  if (charge && charge.amount > 0) {
    const remaining = Math.max(0, daysBetween(today, sub.currentPeriodEnd));
    const periodDays = daysBetween(sub.currentPeriodStart, sub.currentPeriodEnd);
    if (plan.refundPolicy === 'prorated') credit = mulDivHalfUp(charge.amount, remaining, periodDays);
    if (
      plan.refundPolicy === 'full_within_days' &&
      daysBetween(sub.currentPeriodStart, today) <= plan.refundDays
    )
      credit = charge.amount;
    if (credit > 0)
      issueCreditNote(
        tx,
        ctx,
        charge.invoiceId,
        credit,
        `Canceled on ${today}: ${plan.refundPolicy === 'prorated' ? `${remaining} unused days` : 'full refund'}`,
      );
  }
  const updated = transition(
    tx,
    ctx,
    sub,
    'canceled',
    { type: 'subscription.cancelled', effectiveDate: today, data: { reason: input.reason, credit } },
    {
      canceledAt: ctx.nowIso(),
      endedOn: today,
      cancelReason: input.reason,
      cancelAtPeriodEnd: false,
      pendingPlanId: null,
    },
  );
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'canceled',
    after: { reason: input.reason, credit },
  });
  notifySubscriptionChange(tx, ctx, 'subscription_cancelled', sub.id);
  return {
    sub: updated,
    // The credit note lands on the period's existing invoice; nothing new is billed.
    invoiceId: null,
    balanceCredit: credit,
    summary:
      credit > 0
        ? `Ends today; a credit note for the unused time goes to the member.`
        : "Ends today; no refund under the plan's policy.",
  };
}

export function pauseSubscription(
  tx: Tx,
  ctx: Ctx,
  input: { id: number; days?: number | undefined; until?: string | undefined; reason: string },
): ActionResult {
  const sub = getSubscriptionRow(tx, input.id);
  const plan = getPlanRow(tx, sub.planId);
  if (!plan.pausable) throw new AppError('CONFLICT', `${plan.name} does not allow pausing.`);
  if (sub.status === 'trialing')
    throw new AppError('CONFLICT', 'A trial cannot be paused: extend the trial instead.');
  assertCan(sub, 'paused', 'paused');
  if (sub.status === 'paused') throw new AppError('CONFLICT', 'This subscription is already paused.');
  const today = businessToday(tx, ctx.now());
  const resumeOn = input.until ?? addDays(today, input.days!);
  if (compareDates(resumeOn, today) <= 0)
    throw new AppError('VALIDATION', 'Choose a resume date after today.', { until: 'After today' });
  const updated = transition(
    tx,
    ctx,
    sub,
    'paused',
    { type: 'subscription.paused', effectiveDate: today, data: { resumeOn, reason: input.reason } },
    { pausedOn: today, resumeOn, pauseReason: input.reason },
  );
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'paused',
    after: { resumeOn, reason: input.reason },
  });
  notifySubscriptionChange(tx, ctx, 'subscription_paused', sub.id);
  const moved = addDays(sub.currentPeriodEnd, daysBetween(today, resumeOn));
  return {
    sub: updated,
    invoiceId: null,
    balanceCredit: 0,
    summary: `No billing until ${resumeOn}; the renewal moves from ${sub.currentPeriodEnd} to ${moved}.`,
  };
}

/**
 * Ends a pause on `on` (today when resumed by hand, the planned day when the scheduler does it): the
 * period end moves by the paused days and the schedule is re-anchored there.
 */
export function resumeSubscription(tx: Tx, ctx: Ctx, input: { id: number }, on?: string): ActionResult {
  const sub = getSubscriptionRow(tx, input.id);
  if (sub.status !== 'paused') throw new AppError('CONFLICT', 'This subscription is not paused.');
  const resumeDate = on ?? businessToday(tx, ctx.now());
  const pausedDays = Math.max(0, daysBetween(sub.pausedOn!, resumeDate));
  const newEnd = addDays(sub.currentPeriodEnd, pausedDays);
  const updated = transition(
    tx,
    ctx,
    sub,
    'active',
    { type: 'subscription.resumed', effectiveDate: resumeDate, data: { pausedDays, periodEnd: newEnd } },
    {
      pausedOn: null,
      resumeOn: null,
      pauseReason: null,
      currentPeriodEnd: newEnd,
      anchorDate: newEnd,
      anchorDay: Number(newEnd.slice(8, 10)),
      anchorIndex: sub.periodIndex + 1,
    },
  );
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'resumed',
    after: { pausedDays },
  });
  notifySubscriptionChange(tx, ctx, 'subscription_resumed', sub.id);
  return {
    sub: updated,
    invoiceId: null,
    balanceCredit: 0,
    summary: `Billing resumes; the next renewal is on ${newEnd}.`,
  };
}

export function reactivateSubscription(tx: Tx, ctx: Ctx, input: { id: number }): ActionResult {
  const sub = getSubscriptionRow(tx, input.id);
  const today = businessToday(tx, ctx.now());
  if (isLive(sub.status) && sub.cancelAtPeriodEnd) {
    const updated = transition(
      tx,
      ctx,
      sub,
      null,
      { type: 'subscription.updated', effectiveDate: today, data: { change: 'cancellation withdrawn' } },
      { cancelAtPeriodEnd: false, cancelReason: null },
    );
    return {
      sub: updated,
      invoiceId: null,
      balanceCredit: 0,
      summary: `The cancellation is withdrawn; it renews on ${sub.currentPeriodEnd}.`,
    };
  }
  if (!['canceled', 'expired', 'unpaid'].includes(sub.status)) {
    throw new AppError(
      'CONFLICT',
      `This subscription is ${sub.status.replace('_', ' ')}; only canceled, expired or unpaid ones can be reactivated.`,
    );
  }
  if (sub.status === 'unpaid') {
    const overdue = tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.subscriptionId, sub.id), eq(invoices.status, 'open')))
      .get();
    if (overdue)
      throw new AppError(
        'CONFLICT',
        'Record payment of (or write off) the open invoices first; the subscription then becomes active by itself.',
      );
  }
  const plan = getPlanRow(tx, sub.planId);
  if (plan.status !== 'active')
    throw new AppError('CONFLICT', `${plan.name} is archived: start a new subscription on a current plan.`);
  assertNoLiveDuplicate(tx, sub.memberId, plan.id, sub.id);
  const cleared = {
    canceledAt: null,
    endedOn: null,
    cancelReason: null,
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    pausedOn: null,
    resumeOn: null,
    pauseReason: null,
  };
  // Canceled now, but the period it was billed for has not ended and nothing of it was credited:
  // the member already paid for these days, so the period simply continues. Billing a new one
  // would charge the same days twice.
  const stillPaidFor =
    sub.status === 'canceled' && compareDates(today, sub.currentPeriodEnd) < 0 && !periodWasCredited(tx, sub);
  if (stillPaidFor) {
    const updated = transition(
      tx,
      ctx,
      sub,
      'active',
      { type: 'subscription.reactivated', effectiveDate: today, data: { continues: sub.currentPeriodEnd } },
      cleared,
    );
    recordAudit(tx, ctx, { entity: 'subscription', entityId: sub.id, action: 'reactivated' });
    return {
      sub: updated,
      invoiceId: null,
      balanceCredit: 0,
      summary: `Active again; the period already paid for runs to ${sub.currentPeriodEnd}, when it renews.`,
    };
  }
  const schedule = scheduleFrom(today, plan, sub.billingDay, sub.periodIndex + 1);
  let updated = transition(
    tx,
    ctx,
    sub,
    'active',
    { type: 'subscription.reactivated', effectiveDate: today },
    { ...schedule, price: plan.price, ...cleared },
  );
  const invoice = invoiceFirstPeriod(tx, ctx, updated, plan, schedule, false);
  updated = tx
    .update(subscriptions)
    .set({ cyclesBilled: updated.cyclesBilled + 1 })
    .where(eq(subscriptions.id, sub.id))
    .returning()
    .get()!;
  recordAudit(tx, ctx, { entity: 'subscription', entityId: sub.id, action: 'reactivated' });
  return {
    sub: updated,
    invoiceId: invoice?.id ?? null,
    balanceCredit: 0,
    summary: `Active again from ${today}; the next renewal is on ${schedule.currentPeriodEnd}.`,
  };
}

export function extendTrial(tx: Tx, ctx: Ctx, input: { id: number; days: number }): ActionResult {
  const sub = getSubscriptionRow(tx, input.id);
  if (sub.status !== 'trialing')
    throw new AppError('CONFLICT', 'Only a subscription in trial can have its trial extended.');
  const trialEnd = addDays(sub.trialEnd!, input.days);
  const updated = transition(
    tx,
    ctx,
    sub,
    null,
    {
      type: 'trial.extended',
      effectiveDate: businessToday(tx, ctx.now()),
      data: { days: input.days, trialEnd },
    },
    { trialEnd, currentPeriodEnd: trialEnd, anchorDate: trialEnd },
  );
  recordAudit(tx, ctx, {
    entity: 'subscription',
    entityId: sub.id,
    action: 'trial extended',
    after: { trialEnd },
  });
  return {
    sub: updated,
    invoiceId: null,
    balanceCredit: 0,
    summary: `The trial now ends on ${trialEnd}; the first invoice moves with it.`,
  };
}
