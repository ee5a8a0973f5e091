import type { CardGateway } from './gateway';

/** Where the limiter reads time and waits: the real monotonic clock, or a fake one in tests. */
export interface Pacer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacer: Pacer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms)))),
};

/**
 * A second, plus a margin for the moment between a slot being given and the request leaving the
 * computer (a busy event loop): Stripe must never see `rate + 1` requests within one second.
 */
const WINDOW_MS = 1010;

export interface RateLimiter {
  readonly perSecond: number;
  /**
   * Sends a request in its slot: `send` is called in the same synchronous step in which the slot's
   * start is recorded, so nothing (another job's work, a busy event loop) can run between the two
   * and make the recorded start earlier than the real one. Requests start at least 1/rate apart.
   */
  schedule<T>(send: () => Promise<T>): Promise<T>;
  /** Resolves when the caller may send; for callers that send nothing themselves (tests). */
  take(): Promise<void>;
}

/**
 * Requests go out one after another on an even schedule, 1/rate apart (a leaky bucket without a
 * burst), so a renewal day of 10,000 charges is spread at the configured pace. A request whose timer
 * fired late does not push the schedule back; instead a sliding window over the last `rate` starts
 * makes sure no second ever holds more than `rate` of them (Stripe counts requests per second per
 * account: docs.stripe.com/rate-limits).
 */
export function createRateLimiter(perSecond: number, pacer: Pacer = realPacer): RateLimiter {
  if (!(perSecond > 0)) throw new RangeError('The rate must be above zero');
  // Rounded up to the microsecond, so rounding never squeezes one request too many into a second.
  const gap = Math.ceil(1_000_000 / perSecond) / 1000;
  const perWindow = Math.max(1, Math.floor(perSecond));
  /** The last `perWindow` actual starts, oldest first. */
  const recent: number[] = [];
  let nextSlot = -Infinity;
  let queue: Promise<void> = Promise.resolve();
  function schedule<T>(send: () => Promise<T>): Promise<T> {
    let sent: Promise<T> | undefined;
    const turn = queue.then(async () => {
      let slot = Math.max(pacer.now(), nextSlot);
      if (recent.length === perWindow) slot = Math.max(slot, recent[0]! + WINDOW_MS);
      for (let now = pacer.now(); now < slot; now = pacer.now()) await pacer.sleep(slot - now);
      recent.push(pacer.now());
      if (recent.length > perWindow) recent.shift();
      nextSlot = slot + gap;
      // Same step as the push above. The queue does not wait for the answer: the next request's slot
      // depends only on when this one started.
      try {
        sent = send();
      } catch (e) {
        sent = Promise.reject(e);
      }
    });
    queue = turn;
    return turn.then(() => sent!);
  }
  return { perSecond, schedule, take: () => schedule(() => Promise.resolve()) };
}

/** The same gateway, each request waiting for its slot first (one slot per API request). */
export function limitGateway(gateway: CardGateway, limiter: RateLimiter): CardGateway {
  const wrapped: Record<string, unknown> = { name: gateway.name, mode: gateway.mode };
  for (const key of Object.keys(gateway) as Array<keyof CardGateway>) {
    const value = gateway[key];
    if (typeof value !== 'function') continue;
    wrapped[key] = (...args: unknown[]) =>
      limiter.schedule(() => (value as (...a: unknown[]) => Promise<unknown>).apply(gateway, args));
  }
  return wrapped as unknown as CardGateway;
}
