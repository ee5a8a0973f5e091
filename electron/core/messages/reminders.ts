import { and, eq, gt, inArray, lte, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../../../db/open';
import { messageJobCursors, paymentMethods, plans, subscriptions } from '../../../db/schema';
import { addDays, maxDate } from '../../../shared/calendar';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DueJob } from '../scheduler';
import { messageFormat } from './format';
import { notifyMember, type TopicId } from './notify';
import { getMessageSettings } from './settings-repo';

/**
 * Reminder jobs (DESIGN §11): each looks ahead by its lead time and messages what entered its window
 * since the last run — a cursor per job, so a desk computer that was off still sends a missed
 * reminder (REFERENCES: Invoice Ninja #637), and a run with nothing new reads one row. Each member's
 * message is its own transaction that re-reads the subscription; the outbox key stops a second one.
 */
type Settings = ReturnType<typeof getMessageSettings>;

/** One run of a reminder job: it messages what falls in (from, through]. */
interface Run {
  ctx: Ctx;
  settings: Settings;
  today: string;
  from: string;
  through: string;
}

/** Where a job looks this run, given today and how far the last run looked (its cursor). */
type Span = (
  today: string,
  cursor: string | undefined,
  settings: Settings,
) => { from: string; through: string };

/** What one row tells its member; null when, re-read in its transaction, it no longer applies. */
type Notice = { memberId: number; causeKey: string; vars: Record<string, string> } | null;

/** Looks `days` ahead of today; the first run starts from today, later ones from the cursor. */
const lookAhead =
  (days: (s: Settings) => number): Span =>
  (today, cursor, s) => ({ from: maxDate(cursor ?? today, today), through: addDays(today, days(s)) });

/**
 * The shape every reminder job shares: a window, the ids in it, one transaction per id that re-reads
 * the row and queues the topic's message, then the cursor (named after the topic) moves to where
 * this run looked up to. Answers how many messages were queued.
 */
function windowedReminder(
  topic: TopicId,
  span: Span,
  selectIds: (run: Run) => number[],
  perRow: (tx: Tx, id: number, run: Run) => Notice,
): DueJob['run'] {
  return (ctx) => {
    const settings = getMessageSettings(ctx.db);
    const today = businessToday(ctx.db, ctx.now());
    const cursor = ctx.db.select().from(messageJobCursors).where(eq(messageJobCursors.job, topic)).get();
    const run: Run = { ctx, settings, today, ...span(today, cursor?.through, settings) };
    if (run.from >= run.through) return 0;
    let queued = 0;
    for (const id of selectIds(run)) {
      queued += ctx.write((tx) => {
        const notice = perRow(tx, id, run);
        return notice ? notifyMember(tx, ctx, { topic, ...notice }) : 0;
      });
    }
    const through = run.through;
    ctx.write((tx) =>
      tx
        .insert(messageJobCursors)
        .values({ job: topic, through })
        .onConflictDoUpdate({ target: messageJobCursors.job, set: { through } })
        .run(),
    );
    return queued;
  };
}

/** Subscriptions in a status whose `date` falls in the run's window. */
const subscriptionIds = (run: Run, status: SQL | undefined, date: SQLiteColumn) =>
  run.ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(status, gt(date, run.from), lte(date, run.through)))
    .all()
    .map((r) => r.id);

const subscriptionWithPlan = (tx: Tx, id: number) =>
  tx
    .select({ sub: subscriptions, plan: plans })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.id, id))
    .get();

/** The plan's name and price, and the date the message is about under its template variable. */
function planVars(
  tx: Tx,
  row: NonNullable<ReturnType<typeof subscriptionWithPlan>>,
  dateVar: string,
  date: string,
) {
  const f = messageFormat(tx);
  return {
    'plan.name': row.plan.name,
    [dateVar]: f.date(date),
    price: f.price(row.sub.price, row.sub.currency, row.plan.interval, row.plan.intervalCount),
  };
}

/** The current period is the last: cancelled at its end, or a fixed term that expires. */
const endsAtPeriodEnd = (sub: typeof subscriptions.$inferSelect, plan: typeof plans.$inferSelect) =>
  sub.cancelAtPeriodEnd ||
  (plan.termEnd === 'expire' && sub.cyclesBilled >= Math.max(plan.minimumTermCycles, 1));

/** Monthly (or shorter) plans renew too often for a reminder to be welcome, unless the owner asks. */
const isMonthlyOrShorter = (plan: typeof plans.$inferSelect) =>
  plan.interval === 'day' ||
  plan.interval === 'week' ||
  (plan.interval === 'month' && plan.intervalCount === 1);

const LIVE = ['active', 'trialing', 'past_due'] as const;

const renewalReminders = windowedReminder(
  'renewal_reminder',
  lookAhead((s) => s.renewalReminderDays),
  (run) => subscriptionIds(run, eq(subscriptions.status, 'active'), subscriptions.currentPeriodEnd),
  (tx, id, { today, settings }) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row || row.sub.status !== 'active' || row.sub.currentPeriodEnd <= today) return null;
    if (endsAtPeriodEnd(row.sub, row.plan)) return null;
    if (!settings.renewalReminderMonthly && isMonthlyOrShorter(row.plan)) return null;
    return {
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:renews:${row.sub.currentPeriodEnd}`,
      vars: planVars(tx, row, 'renewalDate', row.sub.currentPeriodEnd),
    };
  },
);

const trialEnding = windowedReminder(
  'trial_ending',
  lookAhead((s) => s.trialEndingDays),
  (run) => subscriptionIds(run, eq(subscriptions.status, 'trialing'), subscriptions.trialEnd),
  (tx, id, { today }) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row || row.sub.status !== 'trialing' || !row.sub.trialEnd || row.sub.trialEnd <= today) return null;
    return {
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:trial-ends:${row.sub.trialEnd}`,
      vars: planVars(tx, row, 'trialEndDate', row.sub.trialEnd),
    };
  },
);

const membershipExpiring = windowedReminder(
  'membership_expiring',
  lookAhead((s) => s.membershipExpiringDays),
  (run) => subscriptionIds(run, inArray(subscriptions.status, [...LIVE]), subscriptions.currentPeriodEnd),
  (tx, id, { today }) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row || row.sub.currentPeriodEnd <= today || !endsAtPeriodEnd(row.sub, row.plan)) return null;
    if (!(LIVE as readonly string[]).includes(row.sub.status)) return null;
    return {
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:expires:${row.sub.currentPeriodEnd}`,
      vars: { 'plan.name': row.plan.name, endDate: messageFormat(tx).date(row.sub.currentPeriodEnd) },
    };
  },
);

/** The last day a card works: the end of its expiry month. */
const cardEnd = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
};

const cardExpiring = windowedReminder(
  'card_expiring',
  lookAhead((s) => s.cardExpiringDays),
  // Cards are few next to members and this runs once a day: a scan of the active ones is fine.
  (run) =>
    run.ctx.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.status, 'active'))
      .all()
      .filter((c) => {
        const end = cardEnd(c.expYear, c.expMonth);
        return end > run.from && end <= run.through;
      })
      .map((c) => c.id),
  (tx, id) => {
    const card = tx.select().from(paymentMethods).where(eq(paymentMethods.id, id)).get();
    if (!card || card.status !== 'active') return null;
    // Only cards that something will be charged to: the member has a live automatic subscription.
    const live = tx
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.memberId, card.memberId),
          eq(subscriptions.collection, 'automatic'),
          eq(subscriptions.cancelAtPeriodEnd, false),
          inArray(subscriptions.status, [...LIVE]),
        ),
      )
      .get();
    if (!live) return null;
    const expiry = `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
    return {
      memberId: card.memberId,
      causeKey: `card:${card.id}:${expiry}`,
      vars: { 'card.brand': card.brand, 'card.last4': card.last4, 'card.expiry': expiry },
    };
  },
);

const ENDED = ['expired', 'canceled'] as const;

/** After a membership ended (expired or cancelled), and the member has nothing running: come back. */
const comeBack = windowedReminder(
  'come_back',
  // Memberships that ended on or before (today - N), since the last look.
  (today, cursor, s) => {
    const endedBy = addDays(today, -s.comeBackDays);
    return { from: cursor ?? addDays(endedBy, -1), through: endedBy };
  },
  (run) => subscriptionIds(run, inArray(subscriptions.status, [...ENDED]), subscriptions.endedOn),
  (tx, id, { settings }) => {
    const row = subscriptionWithPlan(tx, id);
    if (!row?.sub.endedOn || !(ENDED as readonly string[]).includes(row.sub.status)) return null;
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
    if (running) return null;
    const coupon = settings.comeBackCoupon;
    return {
      memberId: row.sub.memberId,
      causeKey: `subscription:${id}:come-back`,
      vars: {
        'plan.name': row.plan.name,
        endDate: messageFormat(tx).date(row.sub.endedOn),
        couponCode: coupon ?? '',
        couponOffer: coupon ? ` Use the code ${coupon} when you come back.` : '',
      },
    };
  },
);

/** Registered before the outbox job, so what they queue is sent in the same run. */
export const reminderJobs: DueJob[] = [
  { name: 'messages: renewal reminders', run: renewalReminders },
  { name: 'messages: trial ending', run: trialEnding },
  { name: 'messages: card expiring', run: cardExpiring },
  { name: 'messages: membership expiring', run: membershipExpiring },
  { name: 'messages: come back', run: comeBack },
];
