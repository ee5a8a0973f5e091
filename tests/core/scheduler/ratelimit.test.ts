import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CardGateway } from '../../../electron/core/payments/gateways/gateway';
import {
  createRateLimiter,
  limitGateway,
  type Pacer,
} from '../../../electron/core/payments/gateways/ratelimit';

/** A fake monotonic clock: sleepers wake in time order when the test drives it. */
function fakePacer(lateBy: () => number = () => 0) {
  let t = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const pacer: Pacer = {
    now: () => t,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: t + ms + lateBy(), wake })),
  };
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    pacer,
    flush,
    set: (to: number) => (t = to),
    /** Runs every sleeper until none is left, moving time to each wake-up. */
    async drain() {
      await flush();
      while (sleepers.length) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift()!;
        t = Math.max(t, next.at);
        next.wake();
        await flush();
      }
    },
  };
}

/** The most request starts in any one-second window [t, t + 1000). */
const busiestSecond = (starts: number[]) => {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

describe('Stripe rate limiter', () => {
  it('spreads a burst of 100 requests evenly at 20 per second: 50 ms apart, never 21 in a second', async () => {
    const clock = fakePacer();
    const limiter = createRateLimiter(20, clock.pacer);
    const starts: number[] = [];
    const all = Array.from({ length: 100 }, () => limiter.take().then(() => starts.push(clock.pacer.now())));
    await clock.drain();
    await Promise.all(all);
    expect(starts).toHaveLength(100);
    // Evenly 50 ms apart; every 20th waits 10 ms more, the margin that keeps any second at 20.
    const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
    expect(gaps.slice(0, 19)).toEqual(Array(19).fill(50));
    expect(Math.min(...gaps)).toBe(50);
    expect(Math.max(...gaps)).toBe(60);
    expect(busiestSecond(starts)).toBe(20);
    expect(starts.at(-1)).toBe(99 * 50 + 4 * 10);
  });

  it('keeps the pace when timers fire late (a busy computer), still never 21 in a second', async () => {
    let n = 0;
    // Every other wake-up is 35 ms late.
    const clock = fakePacer(() => (n++ % 2 ? 35 : 0));
    const limiter = createRateLimiter(20, clock.pacer);
    const starts: number[] = [];
    const all = Array.from({ length: 200 }, () => limiter.take().then(() => starts.push(clock.pacer.now())));
    await clock.drain();
    await Promise.all(all);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(20);
    // Late timers do not add up gap after gap (that would be 19% slower): within 5% of 20/s.
    const rate = 199 / ((starts.at(-1)! - starts[0]!) / 1000);
    expect(rate).toBeGreaterThan(19);
  });

  it('sends each request in the step its slot is recorded: work queued in between cannot squeeze in a 21st', async () => {
    const clock = fakePacer();
    // A busy app: right after some wake-ups, another job's continuation takes 30 ms of the thread
    // before the request would leave. Sent through `take()` and then called, those requests would
    // start 30 ms after their recorded slot, and the next second would hold 21 of them.
    let wakes = 0;
    const hogged: Pacer = {
      now: clock.pacer.now,
      sleep: (ms) =>
        clock.pacer.sleep(ms).then(() => {
          // Two microtasks on: after the limiter resumes and records the slot, before a caller's `await`.
          if (wakes++ % 7 === 0)
            queueMicrotask(() => queueMicrotask(() => clock.set(clock.pacer.now() + 30)));
        }),
    };
    const sent: number[] = [];
    const gateway = {
      name: 'stripe',
      mode: 'test',
      detachCard: async () => {
        sent.push(clock.pacer.now());
      },
    } as unknown as CardGateway;
    const limited = limitGateway(gateway, createRateLimiter(20, hogged));
    const all = Array.from({ length: 120 }, (_, i) => limited.detachCard(`pm_${i}`));
    await clock.drain();
    await Promise.all(all);
    expect(sent).toHaveLength(120);
    expect(busiestSecond(sent)).toBeLessThanOrEqual(20);
  });

  it('lets a request through at once after a quiet spell (no backlog is kept)', async () => {
    const clock = fakePacer();
    const limiter = createRateLimiter(80, clock.pacer);
    await limiter.take();
    clock.set(10_000);
    const before = clock.pacer.now();
    await limiter.take();
    expect(clock.pacer.now()).toBe(before);
  });

  it('never exceeds the rate, whatever the arrival pattern (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 120 }),
        async (rate, arrivals) => {
          const clock = fakePacer();
          const limiter = createRateLimiter(rate, clock.pacer);
          const starts: number[] = [];
          const pending: Promise<unknown>[] = [];
          for (const at of [...arrivals].sort((a, b) => a - b)) {
            // Arrive at `at` (or later, if time already moved on while draining).
            clock.set(Math.max(clock.pacer.now(), at));
            pending.push(limiter.take().then(() => starts.push(clock.pacer.now())));
            // Let a request whose slot is now start before time moves on.
            await clock.flush();
          }
          await clock.drain();
          await Promise.all(pending);
          expect(busiestSecond(starts)).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a rate of zero', () => {
    expect(() => createRateLimiter(0)).toThrow(RangeError);
  });

  it('makes every gateway call wait for its slot, keeping name and mode', async () => {
    const clock = fakePacer();
    const calls: Array<[string, number]> = [];
    const fake = {
      name: 'stripe',
      mode: 'live',
      testConnection: async () => {
        calls.push(['testConnection', clock.pacer.now()]);
        return { account: 'acct' };
      },
      detachCard: async (id: string) => {
        calls.push([`detach ${id}`, clock.pacer.now()]);
      },
    } as unknown as CardGateway;
    const limited = limitGateway(fake, createRateLimiter(10, clock.pacer));
    expect([limited.name, limited.mode]).toEqual(['stripe', 'live']);
    const done = Promise.all([
      limited.testConnection(),
      limited.detachCard('pm_1'),
      limited.detachCard('pm_2'),
    ]);
    await clock.drain();
    const [answer] = await done;
    expect(answer).toEqual({ account: 'acct' });
    expect(calls).toEqual([
      ['testConnection', 0],
      ['detach pm_1', 100],
      ['detach pm_2', 200],
    ]);
  });
});
