import { Temporal } from 'temporal-polyfill';
import { and, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/open';
import { billingEvents, digestSeen, subscriptions } from '../../../db/schema';
import type { Digest, DigestLine } from '../../../shared/contract';
import { addDays } from '../../../shared/calendar';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { isQueued, queueMail } from '../notifications/outbox';
import type { DueJob } from '../scheduler';
import { getSettings } from '../settings/repo';
import { messageFormat } from './format';
import { getMessageSettings } from './settings-repo';

/**
 * The owner's morning digest (DESIGN §11): what billing did yesterday and so far today, read from the
 * billing events and the subscriptions (never a second bookkeeping), and what is due next week.
 */

/**
 * The first event written at or after `instant`. Events are appended as they happen, so their ids
 * are in `createdAt` order (their effective dates are not: a scheduled cancellation carries its future
 * date); a binary search over the primary key avoids scanning the whole history.
 */
function firstEventIdFrom(db: Db, instant: string): number {
  const bounds = db
    .select({
      lo: sql<number | null>`min(${billingEvents.id})`,
      hi: sql<number | null>`max(${billingEvents.id})`,
    })
    .from(billingEvents)
    .get();
  let lo = bounds?.lo ?? 1;
  let hi = (bounds?.hi ?? 0) + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = db
      .select({ id: billingEvents.id, at: billingEvents.createdAt })
      .from(billingEvents)
      .where(gte(billingEvents.id, mid))
      .orderBy(billingEvents.id)
      .limit(1)
      .get();
    if (!row) hi = mid;
    else if (row.at < instant) lo = row.id + 1;
    else hi = mid;
  }
  return lo;
}

const line = (label: string): DigestLine => ({ label, count: 0, amounts: [], memberIds: [] });

function add(l: DigestLine, memberId: number | null, amount?: number, currency?: string) {
  l.count++;
  if (memberId !== null && !l.memberIds.includes(memberId)) l.memberIds.push(memberId);
  if (amount !== undefined && currency) {
    const a = l.amounts.find((x) => x.currency === currency);
    if (a) a.amount += amount;
    else l.amounts.push({ amount, currency });
  }
}

const METHOD_LABELS: Record<string, string> = {
  card: 'Card',
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card terminal',
  other: 'Other',
};

export function buildDigest(ctx: Ctx): Omit<Digest, 'firstToday'> {
  const db = ctx.db;
  const today = businessToday(db, ctx.now());
  const since = addDays(today, -1);
  const { currency, timeZone } = getSettings(db);
  // Yesterday's midnight in the business's zone, as the instant events are stamped with.
  const sinceInstant = new Date(
    Temporal.PlainDate.from(since).toZonedDateTime({ timeZone }).epochMilliseconds,
  ).toISOString();
  const renewed = line('Renewed');
  const movedToDunning = line('Moved into dunning');
  const expired = line('Expired');
  const paid = new Map<string, DigestLine & { method: string }>();
  const failed = new Map<string, DigestLine & { reason: string }>();
  const types = [
    'subscription.renewed',
    'subscription.past_due',
    'subscription.expired',
    'payment.succeeded',
    'payment.failed',
  ];
  const events = db
    .select()
    .from(billingEvents)
    .where(and(gte(billingEvents.id, firstEventIdFrom(db, sinceInstant)), inArray(billingEvents.type, types)))
    .all();
  for (const e of events) {
    const data = JSON.parse(e.data) as { amount?: number; method?: string; reason?: string; code?: string };
    if (e.type === 'subscription.renewed') add(renewed, e.memberId);
    else if (e.type === 'subscription.past_due') add(movedToDunning, e.memberId);
    else if (e.type === 'subscription.expired') add(expired, e.memberId);
    else if (e.type === 'payment.succeeded') {
      const method = data.method ?? 'other';
      const l = paid.get(method) ?? { ...line(METHOD_LABELS[method] ?? method), method };
      add(l, e.memberId, data.amount, currency);
      paid.set(method, l);
    } else if (e.type === 'payment.failed') {
      const reason =
        data.reason ??
        (data.code === 'authentication_required' ? 'The bank asked the member to confirm' : 'Declined');
      const l = failed.get(reason) ?? { ...line(reason), reason };
      add(l, e.memberId, data.amount, currency);
      failed.set(reason, l);
    }
  }
  const dueNext7Days = line('Due in the next 7 days');
  const due = db
    .select({
      memberId: subscriptions.memberId,
      price: subscriptions.price,
      currency: subscriptions.currency,
    })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'active'),
        gt(subscriptions.currentPeriodEnd, today),
        lte(subscriptions.currentPeriodEnd, addDays(today, 7)),
        eq(subscriptions.cancelAtPeriodEnd, false),
      ),
    )
    .all();
  for (const d of due) add(dueNext7Days, d.memberId, d.price, d.currency);
  return {
    since,
    until: today,
    renewed,
    paidByMethod: [...paid.values()],
    failed: [...failed.values()],
    movedToDunning,
    expired,
    dueNext7Days,
  };
}

/** The digest as an email to the owner, once a day when they asked for it. */
function digestMailJob(ctx: Ctx): number {
  const s = getMessageSettings(ctx.db);
  const to = s.digestTo ?? getSettings(ctx.db).email;
  if (!s.digestEmail || !to) return 0;
  const key = `digest:${businessToday(ctx.db, ctx.now())}:email`;
  if (isQueued(ctx.db, key)) return 0;
  const d = buildDigest(ctx);
  const f = messageFormat(ctx.db);
  const money = (l: DigestLine) => l.amounts.map((a) => f.money(a.amount, a.currency)).join(', ');
  const lines = [
    `Renewed: ${d.renewed.count}`,
    ...d.paidByMethod.map((p) => `Paid by ${p.label.toLowerCase()}: ${p.count} (${money(p)})`),
    ...d.failed.map((x) => `Failed — ${x.reason}: ${x.count} (${money(x)})`),
    `Moved into dunning: ${d.movedToDunning.count}`,
    `Expired: ${d.expired.count}`,
    `Due in the next 7 days: ${d.dueNext7Days.count} (${money(d.dueNext7Days) || 'nothing'})`,
  ];
  const business = getSettings(ctx.db).name;
  ctx.write((tx) =>
    queueMail(tx, ctx, {
      to,
      subject: `${business}: billing digest for ${f.date(d.until)}`,
      body: `Since ${f.date(d.since)}:\n\n${lines.join('\n')}\n\nRecur`,
      topic: 'digest',
      dedupeKey: key,
    }),
  );
  return 1;
}

export const digestJobs: DueJob[] = [{ name: 'messages: owner digest', run: digestMailJob }];

export const digestHandlers: DomainHandlers<'digest'> = {
  'digest.today': (ctx) => {
    const today = businessToday(ctx.db, ctx.now());
    const seen = ctx.db
      .select()
      .from(digestSeen)
      .where(eq(digestSeen.operatorId, ctx.me().operator.id))
      .get();
    return { ...buildDigest(ctx), firstToday: seen?.day !== today };
  },
  'digest.dismiss': (ctx) => {
    const today = businessToday(ctx.db, ctx.now());
    const operatorId = ctx.me().operator.id;
    ctx.write((tx) =>
      tx
        .insert(digestSeen)
        .values({ operatorId, day: today })
        .onConflictDoUpdate({ target: digestSeen.operatorId, set: { day: today } })
        .run(),
    );
    return { dismissed: true as const };
  },
};
