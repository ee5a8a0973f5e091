import type { Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import { auditHandlers } from './audit/handlers';
import { authHandlers } from './auth/handlers';
import { isSessionLive, purgeOldSessions } from './auth/sessions';
import { purgeOldAttempts } from './auth/throttle';
import { createDispatch, type SessionRef } from './dispatch';
import { createEventBus } from './events';
import type { Handlers } from './handler';
import { memberHandlers } from './members/handlers';
import { discardUnfinishedImports } from './members/import-commit';
import { operatorHandlers } from './operators/handlers';
import type { CorePorts } from './ports';
import { createScheduler, type DueJob, type Scheduler } from './scheduler';
import { preferenceHandlers, settingsHandlers, systemHandlers } from './settings/handlers';
import { clockHandlers } from './system/clock-handlers';
import { findSettingsRow } from './settings/repo';
import { couponHandlers } from './plans/coupons';
import { planHandlers } from './plans/plans';
import { taxRateHandlers } from './plans/taxes';
import { subscriptionHandlers, usageHandlers } from './subscriptions/handlers';
import { billingJobs } from './subscriptions/renewal';
import {
  billingSummaryHandlers,
  creditNoteHandlers,
  invoiceHandlers,
  paymentHandlers,
} from './invoices/handlers';
import { paymentMethodHandlers } from './payments/cards';
import { chargeHandlers, gatewayHandlers } from './payments/handlers';
import { refundHandlers } from './payments/refunds';
import { paymentJobs } from './payments/autocharge';
import { paymentLinkHandlers } from './payments/links';
import { emailHandlers, emailSetupLinkHandler } from './notifications/handlers';
import { outboxHandlers } from './notifications/list';
import { mailJobs } from './notifications/sender';
import { smsHandlers } from './notifications/sms-handlers';
import { messageHandlers } from './messages/handlers';
import { reminderJobs } from './messages/reminders';
import { digestHandlers, digestJobs } from './messages/digest';
import { dunningJobs } from './dunning/job';
import { dunningHandlers } from './dunning/handlers';
import { nudgeOnWork, schedulerHandlers, schedulerWatch } from './system/scheduler-handlers';
import { saleHandlers } from './sales/handlers';
import { saleJobs } from './sales/end';
import { documentHandlers } from './documents/handlers';
import { useFontFolder } from './documents/fonts';
import { reportHandlers } from './reports/handlers';
import { reportJobs } from './reports/jobs';
import { backupHandlers } from './backup/handlers';
import { backupJob } from './backup/job';

export type { SessionRef } from './dispatch';
export type { CorePorts } from './ports';

export interface Core {
  dispatch(session: SessionRef, channel: string, input: unknown): Promise<Envelope<unknown>>;
  events: { on(listener: (event: CoreEvent) => void): () => void };
  /** Is the session of this token live? Reads only (no activity marked): for open event streams. */
  sessionIsLive(token: string): boolean;
  scheduler: Scheduler;
  close(): void;
}

/** Housekeeping due work; billing's jobs (trials, renewals, overdue invoices) follow it. */
const housekeeping: DueJob[] = [
  { name: 'end old sessions', run: (ctx) => ctx.write((tx) => purgeOldSessions(tx, ctx.now())) },
  { name: 'forget old failed sign-ins', run: (ctx) => ctx.write((tx) => purgeOldAttempts(tx, ctx.now())) },
  { name: 'discard unfinished imports', run: (ctx) => discardUnfinishedImports(ctx) },
];

/** Billing, payments and mail have nothing to do before first-run setup has created the business. */
const onceSetUp = (jobs: DueJob[]): DueJob[] =>
  jobs.map((job) => ({
    ...job,
    run: (ctx, trigger) => (findSettingsRow(ctx.db) ? job.run(ctx, trigger) : 0),
  }));

/** Composes the core from its ports (DESIGN §1). Plain Node: never imports electron. */
export function createCore(input: CorePorts): Core {
  // On the movable clock, everything (scheduler included) asks the test clock.
  const ports: CorePorts = input.testClock ? { ...input, clock: input.testClock } : input;
  useFontFolder(ports.fontsFolder);
  const bus = createEventBus((e) => ports.logger.error('Event listener failed', { error: String(e) }));
  const scheduler = createScheduler({
    ports,
    jobs: [
      ...onceSetUp([
        ...reportJobs,
        ...billingJobs,
        ...paymentJobs,
        ...dunningJobs,
        ...saleJobs,
        ...reminderJobs,
        ...digestJobs,
        ...mailJobs,
      ]),
      ...housekeeping,
      backupJob(),
    ],
    emit: bus.emit,
    ...schedulerWatch(ports),
  });

  const handlers: Handlers = {
    ...authHandlers,
    ...operatorHandlers,
    ...settingsHandlers,
    ...preferenceHandlers,
    ...systemHandlers,
    ...memberHandlers,
    ...auditHandlers,
    ...clockHandlers(scheduler),
    ...taxRateHandlers,
    ...couponHandlers,
    ...planHandlers,
    ...subscriptionHandlers,
    ...usageHandlers,
    ...invoiceHandlers,
    ...chargeHandlers,
    ...paymentMethodHandlers,
    ...refundHandlers,
    ...gatewayHandlers,
    ...paymentLinkHandlers,
    ...emailHandlers,
    ...outboxHandlers,
    ...messageHandlers,
    ...smsHandlers,
    ...digestHandlers,
    ...emailSetupLinkHandler,
    ...paymentHandlers,
    ...creditNoteHandlers,
    ...billingSummaryHandlers,
    ...dunningHandlers,
    ...schedulerHandlers(scheduler),
    ...saleHandlers,
    ...documentHandlers,
    ...reportHandlers,
    ...backupHandlers,
  };

  return {
    dispatch: createDispatch(ports, handlers, bus.emit, nudgeOnWork(scheduler)),
    events: { on: bus.on },
    sessionIsLive: (token) => {
      const db = ports.database.db;
      const idleMinutes = findSettingsRow(db)?.lockAfterMinutes ?? 15;
      return isSessionLive(db, token, ports.clock.now(), idleMinutes);
    },
    scheduler,
    close() {
      scheduler.stop();
      ports.database.close();
    },
  };
}
