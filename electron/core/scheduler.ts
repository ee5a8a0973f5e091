import schedule from 'node-schedule';
import type { CoreEvent } from '../../shared/events';
import { createCtx, type Ctx } from './context';
import type { CorePorts } from './ports';

/**
 * One kind of due work. `run` processes everything due up to `ctx.now()`, each item in its own
 * transaction, and must be safe to run twice: it re-reads what is due inside each transaction.
 */
export interface DueJob {
  name: string;
  /** Async only for jobs that talk to a gateway; each write is still its own synchronous transaction. */
  run(ctx: Ctx): number | Promise<number>;
}

export interface Scheduler {
  /** Processes everything due up to the clock's now. Concurrent calls share one run (DESIGN §6). */
  runDue(): Promise<void>;
  start(): void;
  stop(): void;
}

/**
 * An anacron, not a cron: the database says what is due, so a run after sleep or a closed app catches
 * up. node-schedule only decides when to look (daily at 03:00, plus start-up and resume).
 */
export function createScheduler(deps: {
  ports: CorePorts;
  jobs: DueJob[];
  emit: (e: CoreEvent) => void;
}): Scheduler {
  let running: Promise<void> | null = null;
  let daily: schedule.Job | null = null;
  const { logger } = deps.ports;

  const runOnce = async () => {
    for (const [i, job] of deps.jobs.entries()) {
      const pending: CoreEvent[] = [];
      // Recur itself is the actor: no operator, and the audit log says `scheduler`.
      const ctx = createCtx({
        ports: deps.ports,
        channel: 'scheduler',
        caller: null,
        token: null,
        pending,
        emit: deps.emit,
      });
      try {
        const done = await job.run(ctx);
        if (done > 0) logger.info(`Scheduler: ${job.name}`, { done });
      } catch (e) {
        // One failing job must not stop the others; what it left due is retried on the next run.
        logger.error(`Scheduler job failed: ${job.name}`, {
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        });
      }
      for (const event of pending) deps.emit(event);
      deps.emit({ type: 'progress', job: 'scheduler', done: i + 1, total: deps.jobs.length });
      // Let the transports breathe between jobs (SSE, IPC) on a long catch-up.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const runDue = () => {
    running ??= runOnce().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    runDue,
    start() {
      if (daily) return;
      daily = schedule.scheduleJob('0 3 * * *', () => void runDue());
      void runDue();
    },
    stop() {
      daily?.cancel();
      daily = null;
    },
  };
}
