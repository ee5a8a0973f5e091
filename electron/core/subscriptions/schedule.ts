import {
  addDays,
  boundary,
  dayOfMonth,
  daysBetween,
  nextBillingDay,
  type IntervalUnit,
} from '../../../shared/calendar';
import type { SubscriptionRow } from './state';

export interface PlanInterval {
  interval: IntervalUnit;
  intervalCount: number;
}

export interface Schedule {
  anchorDate: string;
  anchorDay: number;
  anchorIndex: number;
  periodIndex: number;
  currentPeriodStart: string;
  currentPeriodEnd: string;
}

/**
 * The periods of a subscription whose billing starts on `start`. Without a billing day, `start` is
 * the anchor. With one (gyms billing everyone on the 1st), the first period runs from `start` to the
 * next such day and is prorated; the anchor is that day and period 1 starts on it.
 */
export function scheduleFrom(
  start: string,
  plan: PlanInterval,
  billingDay: number | null,
  periodIndex = 0,
): Schedule {
  if (billingDay === null) {
    return {
      anchorDate: start,
      anchorDay: dayOfMonth(start),
      anchorIndex: periodIndex,
      periodIndex,
      currentPeriodStart: start,
      currentPeriodEnd: boundary(start, dayOfMonth(start), plan.interval, plan.intervalCount, 1),
    };
  }
  const firstBoundary = nextBillingDay(start, billingDay);
  if (firstBoundary === start) {
    return {
      anchorDate: start,
      anchorDay: billingDay,
      anchorIndex: periodIndex,
      periodIndex,
      currentPeriodStart: start,
      currentPeriodEnd: boundary(start, billingDay, plan.interval, plan.intervalCount, 1),
    };
  }
  return {
    anchorDate: firstBoundary,
    anchorDay: billingDay,
    anchorIndex: periodIndex + 1,
    periodIndex,
    currentPeriodStart: start,
    currentPeriodEnd: firstBoundary,
  };
}

/** Start of period n, from the anchor (DESIGN §5: never chained). */
export const periodStartOf = (
  sub: Pick<SubscriptionRow, 'anchorDate' | 'anchorDay' | 'anchorIndex'>,
  plan: PlanInterval,
  n: number,
) => boundary(sub.anchorDate, sub.anchorDay, plan.interval, plan.intervalCount, n - sub.anchorIndex);

/**
 * The length in days of a full period ending on `end` (the basis of proration). For a short first
 * period before a billing day this is the whole interval it is part of, not the stub.
 */
export function fullPeriodDays(end: string, anchorDay: number, plan: PlanInterval): number {
  const start = boundary(end, anchorDay, plan.interval, plan.intervalCount, -1);
  return daysBetween(start, end);
}

export const shiftDays = addDays;
