import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { billingEvents, subscriptions, usageRecords } from '../../../db/schema';
import type { BillingPreview } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import { createCtx, type Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { getInvoiceRow, invoiceDetail } from '../invoices/repo';
import { buildSearchQuery } from '../members/search';
import { getPlanRow, planUsage } from '../plans/plans';
import { getSettings } from '../settings/repo';
import {
  cancelSubscription,
  changePlan,
  createSubscription,
  extendTrial,
  pauseSubscription,
  reactivateSubscription,
  resumeSubscription,
  type ActionResult,
} from './actions';
import { getSubscription, getSubscriptionRow, subscriptionQuery, toSubscription } from './repo';
import { isLive, LIVE_STATUSES } from './state';
import { toBillingEvent } from './timeline';

const ROLLBACK = Symbol('preview rollback');

/**
 * Runs an action for real inside a transaction and rolls it back: the preview is computed by the same
 * code as the action, so what is shown is exactly what will happen.
 */
export function preview(ctx: Ctx, run: (tx: Tx, ctx: Ctx) => ActionResult): BillingPreview {
  const dry = createCtx({
    ports: ctx.ports,
    channel: ctx.channel,
    caller: ctx.caller,
    token: ctx.token,
    pending: [],
  });
  let result: BillingPreview | null = null;
  try {
    ctx.db.transaction((tx) => {
      const r = run(tx, dry);
      const billed = r.invoiceId ? invoiceDetail(tx, getInvoiceRow(tx, r.invoiceId)) : null;
      result = {
        summary: r.summary,
        effectiveDate: businessToday(tx, dry.now()),
        currency: r.sub.currency,
        lines: (billed?.lines ?? []).map((l) => ({
          kind: l.kind,
          description: l.description,
          periodStart: l.periodStart,
          periodEnd: l.periodEnd,
          quantity: l.quantity,
          unitAmount: l.unitAmount,
          amount: l.amount,
          discountAmount: l.discountAmount,
          taxAmount: l.taxAmount,
          total: l.total,
        })),
        subtotal: billed?.subtotal ?? 0,
        discountTotal: billed?.discountTotal ?? 0,
        taxTotal: billed?.taxTotal ?? 0,
        total: billed?.total ?? 0,
        balanceApplied: billed?.balanceApplied ?? 0,
        amountDue: billed?.amountDue ?? 0,
        balanceCredit: r.balanceCredit,
        status: r.sub.status,
        nextBillingDate: isLive(r.sub.status) && !r.sub.cancelAtPeriodEnd ? r.sub.currentPeriodEnd : null,
      };
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return result!;
}

/** Runs an action for real and answers with the subscription as it now is. */
function act(ctx: Ctx, run: (tx: Tx, ctx: Ctx) => ActionResult) {
  const id = ctx.write((tx) => run(tx, ctx).sub.id);
  ctx.changed('invoices', []);
  ctx.changed('members', []);
  return getSubscription(ctx.db, id);
}

export const subscriptionHandlers: DomainHandlers<'subscriptions'> = {
  /** One grouped count for every status tab, plus `live` (its statuses summed) and `all`. */
  'subscriptions.counts': (ctx, { memberId, planId, query }) => {
    const fts = query ? buildSearchQuery(query, getSettings(ctx.db).memberNumberPrefix) : null;
    const rows = ctx.db
      .select({ status: subscriptions.status, n: count() })
      .from(subscriptions)
      .where(
        and(
          memberId ? eq(subscriptions.memberId, memberId) : undefined,
          planId ? eq(subscriptions.planId, planId) : undefined,
          fts
            ? sql`${subscriptions.memberId} IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ${fts})`
            : query
              ? sql`0`
              : undefined,
        ),
      )
      .groupBy(subscriptions.status)
      .all();
    const counts = {
      all: 0,
      live: 0,
      trialing: 0,
      active: 0,
      past_due: 0,
      unpaid: 0,
      paused: 0,
      canceled: 0,
      expired: 0,
      incomplete: 0,
      incomplete_expired: 0,
    };
    for (const r of rows) {
      counts[r.status] = r.n;
      counts.all += r.n;
      if (LIVE_STATUSES.includes(r.status)) counts.live += r.n;
    }
    return counts;
  },

  'subscriptions.list': (ctx, { memberId, planId, status, query, limit, offset }) => {
    const fts = query ? buildSearchQuery(query, getSettings(ctx.db).memberNumberPrefix) : null;
    const where = and(
      memberId ? eq(subscriptions.memberId, memberId) : undefined,
      planId ? eq(subscriptions.planId, planId) : undefined,
      status === 'all'
        ? undefined
        : status === 'live'
          ? inArray(subscriptions.status, [...LIVE_STATUSES])
          : eq(subscriptions.status, status),
      fts
        ? sql`${subscriptions.memberId} IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ${fts})`
        : undefined,
    );
    const rows = subscriptionQuery(ctx.db)
      .where(where)
      .orderBy(desc(subscriptions.id))
      .limit(limit)
      .offset(offset)
      .all();
    const total = ctx.db.select({ n: count() }).from(subscriptions).where(where).get()?.n ?? 0;
    return { items: rows.map((r) => toSubscription(ctx.db, r)), total };
  },

  'subscriptions.get': (ctx, { id }) => getSubscription(ctx.db, id),

  'subscriptions.events': (ctx, { id }) => {
    getSubscriptionRow(ctx.db, id);
    return ctx.db
      .select()
      .from(billingEvents)
      .where(eq(billingEvents.subscriptionId, id))
      .orderBy(asc(billingEvents.id))
      .all()
      .map(toBillingEvent);
  },

  'subscriptions.preview': (ctx, input) => {
    switch (input.action) {
      case 'create':
        return preview(ctx, (tx, c) => createSubscription(tx, c, input));
      case 'changePlan':
        return preview(ctx, (tx, c) => changePlan(tx, c, input));
      case 'cancel':
        return preview(ctx, (tx, c) => cancelSubscription(tx, c, input));
      case 'pause':
        return preview(ctx, (tx, c) => pauseSubscription(tx, c, { ...input, reason: 'preview' }));
      case 'resume':
        return preview(ctx, (tx, c) => resumeSubscription(tx, c, input));
      case 'reactivate':
        return preview(ctx, (tx, c) => reactivateSubscription(tx, c, input));
      case 'extendTrial':
        return preview(ctx, (tx, c) => extendTrial(tx, c, input));
    }
  },

  'subscriptions.create': (ctx, input) => act(ctx, (tx, c) => createSubscription(tx, c, input)),
  'subscriptions.changePlan': (ctx, input) => act(ctx, (tx, c) => changePlan(tx, c, input)),
  'subscriptions.cancel': (ctx, input) => act(ctx, (tx, c) => cancelSubscription(tx, c, input)),
  'subscriptions.pause': (ctx, input) => act(ctx, (tx, c) => pauseSubscription(tx, c, input)),
  'subscriptions.resume': (ctx, input) => act(ctx, (tx, c) => resumeSubscription(tx, c, input)),
  'subscriptions.reactivate': (ctx, input) => act(ctx, (tx, c) => reactivateSubscription(tx, c, input)),
  'subscriptions.extendTrial': (ctx, input) => act(ctx, (tx, c) => extendTrial(tx, c, input)),
};

const toUsage = (r: typeof usageRecords.$inferSelect) => ({
  id: r.id,
  subscriptionId: r.subscriptionId,
  metric: r.metric,
  quantity: r.quantity,
  usageDate: r.usageDate,
  billed: r.invoiceId !== null,
});

export const usageHandlers: DomainHandlers<'usage'> = {
  'usage.record': (ctx, { subscriptionId, metric, quantity }) =>
    ctx.write((tx) => {
      const sub = getSubscriptionRow(tx, subscriptionId);
      if (!isLive(sub.status) || sub.status === 'paused') {
        throw new AppError(
          'CONFLICT',
          `This subscription is ${sub.status.replace('_', ' ')}; usage cannot be recorded on it.`,
        );
      }
      const plan = getPlanRow(tx, sub.planId);
      const allowance = planUsage(plan).find((u) => u.metric.toLowerCase() === metric.toLowerCase());
      if (!allowance) {
        const known = planUsage(plan).map((u) => u.metric);
        throw new AppError('VALIDATION', `${plan.name} does not meter “${metric}”.`, {
          metric: known.length ? `Use one of: ${known.join(', ')}` : 'This plan meters no usage',
        });
      }
      const today = businessToday(tx, ctx.now());
      const row = tx
        .insert(usageRecords)
        .values({
          subscriptionId,
          metric: allowance.metric,
          quantity,
          usageDate: today,
          createdAt: ctx.nowIso(),
        })
        .returning()
        .get();
      recordEvent(tx, ctx, {
        type: 'usage.recorded',
        effectiveDate: today,
        subscriptionId,
        memberId: sub.memberId,
        data: { metric: allowance.metric, quantity },
      });
      ctx.changed('subscriptions', [subscriptionId]);
      return toUsage(row);
    }),
  'usage.list': (ctx, { subscriptionId }) => {
    getSubscriptionRow(ctx.db, subscriptionId);
    return ctx.db
      .select()
      .from(usageRecords)
      .where(and(eq(usageRecords.subscriptionId, subscriptionId)))
      .orderBy(desc(usageRecords.id))
      .all()
      .map(toUsage);
  },
};
