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

export type { SessionRef } from './dispatch';
export type { CorePorts } from './ports';

export interface Core {
  dispatch(session: SessionRef, channel: string, input: unknown): Promise<Envelope<unknown>>;
  events: { on(listener: (event: CoreEvent) => void): () => void };
  scheduler: Scheduler;
  close(): void;
}

/** Housekeeping due work; billing adds renewals, retries and expiries to this list. */
const housekeeping: DueJob[] = [
  { name: 'end old sessions', run: (db, now) => db.transaction((tx) => purgeOldSessions(tx, now)) },
  { name: 'forget old failed sign-ins', run: (db, now) => db.transaction((tx) => purgeOldAttempts(tx, now)) },
];

/** Composes the core from its ports (DESIGN §1). Plain Node: never imports electron. */
export function createCore(input: CorePorts): Core {
  // On the movable clock, everything (scheduler included) asks the test clock.
  const ports: CorePorts = input.testClock ? { ...input, clock: input.testClock } : input;
  const bus = createEventBus((e) => ports.logger.error('Event listener failed', { error: String(e) }));
  const scheduler = createScheduler({
    db: ports.database.db,
    clock: ports.clock,
    logger: ports.logger,
    jobs: housekeeping,
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
