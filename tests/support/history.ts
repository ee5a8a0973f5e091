/**
 * The random-history driver of the property tests (billing and report invariants): the clock moves,
 * and the desk changes, cancels, pauses or brings back subscriptions. Each suite adds its own kinds
 * (subscribe, pay, refund, …) and its own checks.
 */
import fc from 'fast-check';
import { addDays } from '../../shared/calendar';
import type { OutputOf } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { BillingFixture } from './billing';

/** The kinds both suites share. Indices pick among what exists at that moment. */
export type SharedAction =
  | { kind: 'advance'; days: number }
  | { kind: 'change'; pick: number; plan: number; now: boolean }
  | { kind: 'cancel'; pick: number; now: boolean }
  | { kind: 'pause'; pick: number; days: number }
  | { kind: 'reactivate'; pick: number };

const SHARED = new Set(['advance', 'change', 'cancel', 'pause', 'reactivate']);

type Weighted<T> = { weight: number; arbitrary: fc.Arbitrary<T> };

/** The shared kinds, to spread into `fc.oneof`: the clock moves up to `maxDays` at a time. */
export function sharedActions(o: {
  advanceWeight: number;
  maxDays: number;
  /** The index of the suite's last plan. */
  lastPlan: number;
}): Array<Weighted<SharedAction>> {
  return [
    {
      weight: o.advanceWeight,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        days: fc.integer({ min: 1, max: o.maxDays }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('change' as const),
        pick: fc.nat(10),
        plan: fc.nat(o.lastPlan),
        now: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(10), now: fc.boolean() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('pause' as const),
        pick: fc.nat(10),
        days: fc.integer({ min: 1, max: 40 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reactivate' as const), pick: fc.nat(10) }) },
  ];
}

export type HistorySub = OutputOf<'subscriptions.list'>['items'][number];

const isShared = (a: { kind: string }): a is SharedAction => SHARED.has(a.kind);

/**
 * Runs one step of a history: a shared kind here, the suite's own through `own` (which answers the
 * channel's envelope, or nothing when there was nothing to do). A refusal with a code in `refusals`
 * is fine; any other (INTERNAL above all) is a bug.
 */
export async function runHistoryStep<A extends { kind: string }>(
  f: BillingFixture,
  plans: readonly number[],
  a: A | SharedAction,
  today: { date: string },
  refusals: ReadonlySet<string>,
  own: (a: A, sub: (i: number) => HistorySub | undefined) => Promise<Envelope<unknown> | undefined>,
): Promise<void> {
  const subs = (await f.t.call(f.owner, 'subscriptions.list', { limit: 500 })).items;
  const sub = (i: number) => subs[i % Math.max(1, subs.length)];
  let r: Envelope<unknown> | undefined;
  if (!isShared(a)) r = await own(a as A, sub);
  else if (a.kind === 'advance') {
    today.date = addDays(today.date, a.days);
    await f.advanceTo(today.date);
  } else {
    const id = sub(a.pick)?.id;
    if (id === undefined) return;
    switch (a.kind) {
      case 'change':
        r = await f.t.send(f.owner, 'subscriptions.changePlan', {
          id,
          planId: plans[a.plan]!,
          when: a.now ? 'now' : 'period_end',
        });
        break;
      case 'cancel':
        r = await f.t.send(f.owner, 'subscriptions.cancel', {
          id,
          when: a.now ? 'now' : 'period_end',
          reason: 'test',
        });
        break;
      case 'pause':
        r = await f.t.send(f.owner, 'subscriptions.pause', { id, days: a.days, reason: 'test' });
        break;
      case 'reactivate':
        r = await f.t.send(f.owner, 'subscriptions.reactivate', { id });
        break;
    }
  }
  if (r && !r.ok && !refusals.has(r.error.code)) throw new Error(`${a.kind}: ${JSON.stringify(r.error)}`);
}
