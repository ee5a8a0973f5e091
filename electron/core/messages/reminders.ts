import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { messageJobCursors, paymentMethods, plans, subscriptions } from '../../../db/schema';
import { addDays, maxDate } from '../../../shared/calendar';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DueJob } from '../scheduler';
import { messageFormat } from './format';
import { notifyMember } from './notify';
import { getMessageSettings } from './settings-repo';

/**
 * Reminder jobs (DESIGN §11): each looks ahead by its lead time and messages what entered its window
 * since the last run — a cursor per job, so a desk computer that was off still sends a missed
 * reminder (REFERENCES: Invoice Ninja #637), and a run with nothing new reads one row. Each member's
 * message is its own transaction that re-reads the subscription; the outbox key stops a second one.
 */
type Window = { from: string; through: string; today: string };

function windowOf(ctx: Ctx, job: string, leadDays: number): Window {
  const today = businessToday(ctx.db, ctx.now());
  const horizon = addDays(today, leadDays);
  const cursor = ctx.db.select().from(messageJobCursors).where(eq(messageJobCursors.job, job)).get();
  // First run: start from today. Afterwards: from where the last run looked up to.
  return { from: maxDate(cursor?.through ?? today, today), through: horizon, today };
}

const advance = (ctx: Ctx, job: string, through: string) =>
  ctx.write((tx) =>
    tx
      .insert(messageJobCursors)
      .values({ job, through })
      .onConflictDoUpdate({ target: messageJobCursors.job, set: { through } })
      .run(),
  );

/** Runs `each` for every id in its own transaction; answers how many messages were queued. */
function perItem(ctx: Ctx, ids: number[], each: (tx: Tx, id: number) => number): number {
  let queued = 0;
  for (const id of ids) queued += ctx.write((tx) => each(tx, id));
  return queued;
}

const subscriptionWithPlan = (tx: Tx, id: number) =>
  tx
    .select({ sub: subscriptions, plan: plans })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.id, id))
    .get();

/** The current period is the last: cancelled at its end, or a fixed term that expires. */
const endsAtPeriodEnd = (sub: typeof subscriptions.$inferSelect, plan: typeof plans.$inferSelect) =>
  sub.cancelAtPeriodEnd ||
  (plan.termEnd === 'expire' && sub.cyclesBilled >= Math.max(plan.minimumTermCycles, 1));

/** Monthly (or shorter) plans renew too often for a reminder to be welcome, unless the owner asks. */
const isMonthlyOrShorter = (plan: typeof plans.$inferSelect) =>
  plan.interval === 'day' ||
  plan.interval === 'week' ||
  (plan.interval === 'month' && plan.intervalCount === 1);

function renewalReminders(ctx: Ctx): number {
  const settings = getMessageSettings(ctx.db);
  const w = windowOf(ctx, 'renewal_reminder', settings.renewalReminderDays);
  if (w.from >= w.through) return 0;
  const ids = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'active'),
        gt(subscriptions.currentPeriodEnd, w.from),
        lte(subscriptions.currentPeriodEnd, w.through),
      ),
    )
    .all()
    .map((r) => r.id);
  const queued = perItem(ctx, ids, (tx, id) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row || row.sub.status !== 'active' || row.sub.currentPeriodEnd <= w.today) return 0;
    if (endsAtPeriodEnd(row.sub, row.plan)) return 0;
    if (!settings.renewalReminderMonthly && isMonthlyOrShorter(row.plan)) return 0;
    const f = messageFormat(tx);
    return notifyMember(tx, ctx, {
      topic: 'renewal_reminder',
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:renews:${row.sub.currentPeriodEnd}`,
      vars: {
        'plan.name': row.plan.name,
        renewalDate: f.date(row.sub.currentPeriodEnd),
        price: f.price(row.sub.price, row.sub.currency, row.plan.interval, row.plan.intervalCount),
      },
    });
  });
  advance(ctx, 'renewal_reminder', w.through);
  return queued;
}

function trialEnding(ctx: Ctx): number {
  const settings = getMessageSettings(ctx.db);
  const w = windowOf(ctx, 'trial_ending', settings.trialEndingDays);
  if (w.from >= w.through) return 0;
  const ids = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'trialing'),
        gt(subscriptions.trialEnd, w.from),
        lte(subscriptions.trialEnd, w.through),
      ),
    )
    .all()
    .map((r) => r.id);
  const queued = perItem(ctx, ids, (tx, id) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row || row.sub.status !== 'trialing' || !row.sub.trialEnd || row.sub.trialEnd <= w.today) return 0;
    const f = messageFormat(tx);
    return notifyMember(tx, ctx, {
      topic: 'trial_ending',
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:trial-ends:${row.sub.trialEnd}`,
      vars: {
        'plan.name': row.plan.name,
        trialEndDate: f.date(row.sub.trialEnd),
        price: f.price(row.sub.price, row.sub.currency, row.plan.interval, row.plan.intervalCount),
      },
    });
  });
  advance(ctx, 'trial_ending', w.through);
  return queued;
}

function membershipExpiring(ctx: Ctx): number {
  const settings = getMessageSettings(ctx.db);
  const w = windowOf(ctx, 'membership_expiring', settings.membershipExpiringDays);
  if (w.from >= w.through) return 0;
  const ids = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        inArray(subscriptions.status, ['active', 'trialing', 'past_due']),
        gt(subscriptions.currentPeriodEnd, w.from),
        lte(subscriptions.currentPeriodEnd, w.through),
      ),
    )
    .all()
    .map((r) => r.id);
  const queued = perItem(ctx, ids, (tx, id) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row || row.sub.currentPeriodEnd <= w.today || !endsAtPeriodEnd(row.sub, row.plan)) return 0;
    if (!['active', 'trialing', 'past_due'].includes(row.sub.status)) return 0;
    return notifyMember(tx, ctx, {
      topic: 'membership_expiring',
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:expires:${row.sub.currentPeriodEnd}`,
      vars: { 'plan.name': row.plan.name, endDate: messageFormat(tx).date(row.sub.currentPeriodEnd) },
    });
  });
  advance(ctx, 'membership_expiring', w.through);
  return queued;
}

/** The last day a card works: the end of its expiry month. */
const cardEnd = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
};

function cardExpiring(ctx: Ctx): number {
  const settings = getMessageSettings(ctx.db);
  const w = windowOf(ctx, 'card_expiring', settings.cardExpiringDays);
  if (w.from >= w.through) return 0;
  // Cards are few next to members and this runs once a day: a scan of the active ones is fine.
  const cards = ctx.db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.status, 'active'))
    .all()
    .filter((c) => {
      const end = cardEnd(c.expYear, c.expMonth);
      return end > w.from && end <= w.through;
    });
  const queued = perItem(
    ctx,
    cards.map((c) => c.id),
    (tx, id) => {
      const card = tx.select().from(paymentMethods).where(eq(paymentMethods.id, id)).get();
      if (!card || card.status !== 'active') return 0;
      // Only cards that something will be charged to: the member has a live automatic subscription.
      const live = tx
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.memberId, card.memberId),
            eq(subscriptions.collection, 'automatic'),
            eq(subscriptions.cancelAtPeriodEnd, false),
            inArray(subscriptions.status, ['active', 'trialing', 'past_due']),
          ),
        )
        .get();
      if (!live) return 0;
      const expiry = `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
      return notifyMember(tx, ctx, {
        topic: 'card_expiring',
        memberId: card.memberId,
        causeKey: `card:${card.id}:${expiry}`,
        vars: { 'card.brand': card.brand, 'card.last4': card.last4, 'card.expiry': expiry },
      });
    },
  );
  advance(ctx, 'card_expiring', w.through);
  return queued;
}

/** After a membership ended (expired or cancelled), and the member has nothing running: come back. */
function comeBack(ctx: Ctx): number {
  const settings = getMessageSettings(ctx.db);
  const today = businessToday(ctx.db, ctx.now());
  // Memberships that ended on or before (today - N), since the last look.
  const endedBy = addDays(today, -settings.comeBackDays);
  const cursor = ctx.db.select().from(messageJobCursors).where(eq(messageJobCursors.job, 'come_back')).get();
  const from = cursor?.through ?? addDays(endedBy, -1);
  if (from >= endedBy) return 0;
  const ids = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        inArray(subscriptions.status, ['expired', 'canceled']),
        gt(subscriptions.endedOn, from),
        lte(subscriptions.endedOn, endedBy),
      ),
    )
    .all()
    .map((r) => r.id);
  const queued = perItem(ctx, ids, (tx, id) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row?.sub.endedOn || !['expired', 'canceled'].includes(row.sub.status)) return 0;
    const running = tx
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.memberId, row.sub.memberId),
          inArray(subscriptions.status, ['active', 'trialing', 'past_due', 'paused', 'unpaid', 'incomplete']),
        ),
      )
      .get();
    if (running) return 0;
    const coupon = settings.comeBackCoupon;
    return notifyMember(tx, ctx, {
      topic: 'come_back',
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:come-back`,
      vars: {
        'plan.name': row.plan.name,
        endDate: messageFormat(tx).date(row.sub.endedOn),
        couponCode: coupon ?? '',
        couponOffer: coupon ? ` Use the code ${coupon} when you come back.` : '',
      },
    });
  });
  advance(ctx, 'come_back', endedBy);
  return queued;
}

/** Registered before the outbox job, so what they queue is sent in the same run. */
export const reminderJobs: DueJob[] = [
  { name: 'messages: renewal reminders', run: renewalReminders },
  { name: 'messages: trial ending', run: trialEnding },
  { name: 'messages: card expiring', run: cardExpiring },
  { name: 'messages: membership expiring', run: membershipExpiring },
  { name: 'messages: come back', run: comeBack },
];
