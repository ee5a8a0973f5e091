import { eq } from 'drizzle-orm';
import { cardSetups, paymentLinks } from '../../../db/schema';
import type { CoreEvent } from '../../../shared/events';
import type { DomainHandlers } from '../handler';
import type { CorePorts } from '../ports';
import type { Scheduler, SchedulerDeps } from '../scheduler';
import { findSettingsRow } from '../settings/repo';

/** What the scheduler watches besides the clock: the business's zone and open card/payment pages. */
export function schedulerWatch(ports: CorePorts): Pick<SchedulerDeps, 'timeZone' | 'needsPolling'> {
  return {
    timeZone: () => findSettingsRow(ports.database.db)?.timeZone ?? null,
    needsPolling: () => {
      const db = ports.database.db;
      return Boolean(
        db.select({ id: cardSetups.id }).from(cardSetups).where(eq(cardSetups.status, 'open')).get() ??
        db.select({ id: paymentLinks.id }).from(paymentLinks).where(eq(paymentLinks.status, 'open')).get(),
      );
    },
  };
}

/**
 * Commits that can leave work due: a mail or text queued, an invoice issued (to charge), a card
 * captured (to retry), a subscription changed. The transports stay free of this: dispatch calls it.
 */
const WORK_DOMAINS = new Set([
  'outbox',
  'invoices',
  'subscriptions',
  'members',
  'payments',
  'debtors',
  'sales',
]);

export const nudgeOnWork =
  (scheduler: Scheduler) =>
  (events: readonly CoreEvent[]): void => {
    if (events.some((e) => e.type === 'changed' && WORK_DOMAINS.has(e.domain))) scheduler.nudge();
  };

export function schedulerHandlers(scheduler: Scheduler): DomainHandlers<'scheduler'> {
  return {
    'scheduler.status': () => scheduler.status(),
    'scheduler.runNow': async () => {
      await scheduler.runDue('by hand');
      return scheduler.status();
    },
  };
}
