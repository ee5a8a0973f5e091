import type { Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import { auditHandlers } from './audit/handlers';
import { authHandlers } from './auth/handlers';
import { purgeOldSessions } from './auth/sessions';
import { purgeOldAttempts } from './auth/throttle';
import { createDispatch, type SessionRef } from './dispatch';
import { createEventBus } from './events';
import type { Handlers } from './handler';
import { memberHandlers } from './members/handlers';
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
import { emailHandlers, emailSetupLinkHandler, outboxHandlers } from './notifications/handlers';
import { mailJobs } from './notifications/outbox';

export type { SessionRef } from './dispatch';
export type { CorePorts } from './ports';

export interface Core {
  dispatch(session: SessionRef, channel: string, input: unknown): Promise<Envelope<unknown>>;
  events: { on(listener: (event: CoreEvent) => void): () => void };
  scheduler: Scheduler;
  close(): void;
}

/** Housekeeping due work; billing's jobs (trials, renewals, overdue invoices) follow it. */
const housekeeping: DueJob[] = [
  { name: 'end old sessions', run: (ctx) => ctx.write((tx) => purgeOldSessions(tx, ctx.now())) },
  { name: 'forget old failed sign-ins', run: (ctx) => ctx.write((tx) => purgeOldAttempts(tx, ctx.now())) },
];

/** Billing, payments and mail have nothing to do before first-run setup has created the business. */
const onceSetUp = (jobs: DueJob[]): DueJob[] =>
  jobs.map((job) => ({ ...job, run: (ctx) => (findSettingsRow(ctx.db) ? job.run(ctx) : 0) }));

/** Composes the core from its ports (DESIGN §1). Plain Node: never imports electron. */
export function createCore(input: CorePorts): Core {
  // On the movable clock, everything (scheduler included) asks the test clock.
  const ports: CorePorts = input.testClock ? { ...input, clock: input.testClock } : input;
  const bus = createEventBus((e) => ports.logger.error('Event listener failed', { error: String(e) }));
  const scheduler = createScheduler({
    ports,
    jobs: [...onceSetUp([...billingJobs, ...paymentJobs, ...mailJobs]), ...housekeeping],
    emit: bus.emit,
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
    ...emailSetupLinkHandler,
    ...paymentHandlers,
    ...creditNoteHandlers,
    ...billingSummaryHandlers,
  };

  return {
    dispatch: createDispatch(ports, handlers, bus.emit),
    events: { on: bus.on },
    scheduler,
    close() {
      scheduler.stop();
      ports.database.close();
    },
  };
}
