import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { plans, subscriptions } from '../../../db/schema';
import { addDays } from '../../../shared/calendar';
import type { Member } from '../../../shared/contract';
import type { MemberAccess } from '../../../shared/contract/dunning';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { withPlanNames } from '../members/repo';

/**
 * Access by payment standing (DESIGN §11): a past-due subscription keeps access for its plan's grace
 * days from the day it fell past due; after that, or once unpaid, the member is blocked. Computed,
 * never stored, so it is always today's answer. Keyed by member id; members owing nothing are 'ok'.
 */
export function accessOfMembers(
  db: DbOrTx,
  memberIds: readonly number[],
  today: string,
): Map<number, MemberAccess> {
  const out = new Map<number, MemberAccess>();
  if (!memberIds.length) return out;
  const rows = db
    .select({
      memberId: subscriptions.memberId,
      status: subscriptions.status,
      pastDueSince: subscriptions.pastDueSince,
      graceDays: plans.graceDays,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(
      and(
        inArray(subscriptions.memberId, [...memberIds]),
        inArray(subscriptions.status, ['past_due', 'unpaid']),
      ),
    )
    .all();
  for (const r of rows) {
    const blocked = r.status === 'unpaid' || !r.pastDueSince || addDays(r.pastDueSince, r.graceDays) <= today;
    const now: MemberAccess = blocked ? 'blocked' : 'grace';
    if (out.get(r.memberId) !== 'blocked') out.set(r.memberId, now);
  }
  return out;
}

export const accessOf = (db: DbOrTx, memberId: number, today: string): MemberAccess =>
  accessOfMembers(db, [memberId], today).get(memberId) ?? 'ok';

/** Adds `access` to a page of members (one indexed query for the page). */
export function withAccess<T extends { id: number }>(
  db: DbOrTx,
  list: T[],
  today: string,
): Array<T & { access: MemberAccess }> {
  const map = accessOfMembers(
    db,
    list.map((m) => m.id),
    today,
  );
  return list.map((m) => ({ ...m, access: map.get(m.id) ?? 'ok' }));
}

/** members.list / members.get: the plan names of the page, then each member's payment standing. */
export const withStanding = (ctx: Ctx, db: DbOrTx, list: Member[]): Member[] =>
  withAccess(db, withPlanNames(db, list), businessToday(db, ctx.now()));
