import type { Clock, TestClock } from './ports';

export const systemClock: Clock = { now: () => new Date() };

export function createTestClock(start: Date): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(to) {
      if (to.getTime() < current) throw new RangeError('The test clock only moves forward');
      current = to.getTime();
    },
    advance(ms) {
      if (ms < 0) throw new RangeError('The test clock only moves forward');
      current += ms;
    },
  };
}
