import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { coupons, members, plans, subscriptions } from '../../../db/schema';
import type { Subscription } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { formatMemberNumber } from '../members/repo';
import { getSettings } from '../settings/repo';
import type { SubscriptionRow } from './state';
import { prepared } from '../prepared';

export function getSubscriptionRow(db: DbOrTx, id: number): SubscriptionRow {
  const row = prepared(db, 'subscriptions.byId', (d) =>
    d
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!row) throw new AppError('NOT_FOUND', 'That subscription does not exist.');
  return row;
}

export interface SubscriptionJoin {
  sub: SubscriptionRow;
  memberFirst: string;
  memberLast: string;
  memberNumber: number;
  planName: string;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalCount: number;
  couponCode: string | null;
  pendingPlanName: string | null;
}

/** The columns a Subscription needs, joined once; callers add their own where/order/limit. */
export function subscriptionQuery(db: DbOrTx) {
  return db
    .select({
      sub: subscriptions,
      memberFirst: members.firstName,
      memberLast: members.lastName,
      memberNumber: members.number,
      planName: plans.name,
      interval: plans.interval,
      intervalCount: plans.intervalCount,
      couponCode: coupons.code,
    })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(coupons, eq(coupons.id, subscriptions.couponId));
}

export function toSubscription(db: DbOrTx, j: Omit<SubscriptionJoin, 'pendingPlanName'>): Subscription {
  const s = j.sub;
  const pending = s.pendingPlanId
    ? (db.select({ id: plans.id, name: plans.name }).from(plans).where(eq(plans.id, s.pendingPlanId)).get() ??
      null)
    : null;
  return {
    id: s.id,
    memberId: s.memberId,
    memberName: `${j.memberFirst} ${j.memberLast}`,
    memberNumber: formatMemberNumber(j.memberNumber, getSettings(db).memberNumberPrefix),
    planId: s.planId,
    planName: j.planName,
    status: s.status,
    collection: s.collection,
    price: s.price,
    currency: s.currency,
    interval: j.interval,
    intervalCount: j.intervalCount,
    startDate: s.startDate,
    trialEnd: s.trialEnd,
    currentPeriodStart: s.currentPeriodStart,
    currentPeriodEnd: s.currentPeriodEnd,
    billingDay: s.billingDay,
    cyclesBilled: s.cyclesBilled,
    couponCode: j.couponCode,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    cancelReason: s.cancelReason,
    canceledAt: s.canceledAt,
    endedOn: s.endedOn,
    pendingPlan: pending,
    pausedOn: s.pausedOn,
    resumeOn: s.resumeOn,
    pauseReason: s.pauseReason,
    pastDueSince: s.pastDueSince,
    createdAt: s.createdAt,
  };
}

export function getSubscription(db: DbOrTx, id: number): Subscription {
  const j = subscriptionQuery(db).where(eq(subscriptions.id, id)).get();
  if (!j) throw new AppError('NOT_FOUND', 'That subscription does not exist.');
  return toSubscription(db, j);
}
