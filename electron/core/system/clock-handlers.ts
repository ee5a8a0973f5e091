import { dateInZone, ISO_DATE } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { restartSessionAt } from '../auth/sessions';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import type { Scheduler } from '../scheduler';
import { findSettingsRow } from '../settings/repo';

const state = (ctx: Ctx) => {
  const now = ctx.now();
  const tz = findSettingsRow(ctx.db)?.timeZone ?? 'UTC';
  return { now: now.toISOString(), today: dateInZone(now, tz) };
};

/** The movable clock of DESIGN §3. Moving it runs everything that came due, as a real day would. */
export function clockHandlers(scheduler: Scheduler): DomainHandlers<'clock'> {
  return {
    'clock.get': (ctx) => state(ctx),
    'clock.advance': async (ctx, { days, to }) => {
      const clock = ctx.ports.testClock;
      if (!clock) throw new AppError('NOT_FOUND', 'The test clock is off.');
      if (days !== undefined) {
        clock.advance(days * 86_400_000);
      } else if (to !== undefined) {
        const target = new Date(ISO_DATE.test(to) ? `${to}T12:00:00Z` : to);
        if (target.getTime() <= ctx.now().getTime()) {
          throw new AppError('VALIDATION', 'The test clock only moves forward.', {
            to: 'Choose a later time',
          });
        }
        clock.set(target);
      }
      // Whoever moved time was active just now; without this a month's jump would sign them out.
      restartSessionAt(ctx.db, ctx.me().sessionId, ctx.now());
      await scheduler.runDue('test clock');
      return state(ctx);
    },
  };
}
