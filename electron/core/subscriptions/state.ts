import type { Tx } from '../../../db/open';
import { subscriptions } from '../../../db/schema';
import type { SubscriptionStatus } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { recordEvent, type BillingEventType } from '../billing/events';
import type { Ctx } from '../context';
import { getSubscriptionRow } from './repo';
import { updateById } from '../prepared';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/** The one state machine of DESIGN §5: which status may follow which. */
const ALLOWED: Record<SubscriptionStatus, readonly SubscriptionStatus[]> = {
  trialing: ['active', 'paused', 'canceled', 'expired'],
  active: ['past_due', 'paused', 'canceled', 'expired'],
  past_due: ['active', 'unpaid', 'paused', 'canceled', 'expired'],
  unpaid: ['active', 'canceled', 'expired'],
  paused: ['active', 'canceled', 'expired'],
  canceled: ['active'],
  expired: ['active'],
  // A desk sale: active once paid (or "pay later"), or ended unpaid. Never billed by renewals.
  incomplete: ['active', 'incomplete_expired'],
  incomplete_expired: [],
};

export const LIVE_STATUSES: readonly SubscriptionStatus[] = [
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
];
export const isLive = (s: SubscriptionStatus) => LIVE_STATUSES.includes(s);

/** Statuses in which a member holds a plan: no second subscription to it may be sold. */
export const HELD_STATUSES: readonly SubscriptionStatus[] = [...LIVE_STATUSES, 'incomplete'];

const STATUS_WORDS: Record<SubscriptionStatus, string> = {
  trialing: 'in trial',
  active: 'active',
  past_due: 'past due',
  unpaid: 'unpaid',
  paused: 'paused',
  canceled: 'canceled',
  expired: 'expired',
  incomplete: 'waiting for its first payment',
  incomplete_expired: 'never paid',
};

export function assertCan(sub: SubscriptionRow, to: SubscriptionStatus, action: string): void {
  if (sub.status !== to && !ALLOWED[sub.status].includes(to)) {
    throw new AppError(
      'CONFLICT',
      `This subscription is ${STATUS_WORDS[sub.status]}, so it cannot be ${action}.`,
    );
  }
}

/**
 * Moves a subscription to `to` (or keeps its status when `to` is null), writes the other columns given,
 * and records the billing event, all in the caller's transaction.
 */
export function transition(
  tx: Tx,
  ctx: Ctx,
  sub: SubscriptionRow,
  to: SubscriptionStatus | null,
  event: {
    type: BillingEventType;
    effectiveDate: string;
    invoiceId?: number | null;
    data?: Record<string, unknown>;
  },
  columns: Partial<SubscriptionRow> = {},
): SubscriptionRow {
  if (to !== null && to !== sub.status && !ALLOWED[sub.status].includes(to)) {
    throw new AppError(
      'CONFLICT',
      `A ${STATUS_WORDS[sub.status]} subscription cannot become ${STATUS_WORDS[to]}.`,
    );
  }
  updateById(tx, subscriptions, sub.id, {
    ...columns,
    ...(to ? { status: to } : {}),
    updatedAt: ctx.nowIso(),
  });
  const updated = getSubscriptionRow(tx, sub.id);
  recordEvent(tx, ctx, {
    type: event.type,
    effectiveDate: event.effectiveDate,
    subscriptionId: sub.id,
    memberId: sub.memberId,
    invoiceId: event.invoiceId ?? null,
    data: { ...(to && to !== sub.status ? { from: sub.status, to } : {}), ...event.data },
  });
  ctx.changed('subscriptions', [sub.id]);
  return updated;
}
