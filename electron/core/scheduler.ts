import schedule from 'node-schedule';
import type { CoreEvent } from '../../shared/events';
import type { Db } from '../../db/open';
import type { Clock, Logger } from './ports';

/** One kind of due work. `run` processes everything due up to `now`, each item in its own transaction. */
export interface DueJob {
  name: string;
  run(db: Db, now: Date): number;
}

export interface Scheduler {
  /** Processes everything due up to the clock's now. Concurrent calls share one run (DESIGN §6). */
  runDue(): Promise<void>;
  start(): void;
  stop(): void;
}

/**
 * An anacron, not a cron: the database says what is due, so a run after sleep or a closed app catches
 * up. node-schedule only decides when to look (daily at 03:00 and at start-up).
 */
export function createScheduler(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: DueJob[];
  emit: (e: CoreEvent) => void;
}): Scheduler {
  let running: Promise<void> | null = null;
  let daily: schedule.Job | null = null;

  const runOnce = async () => {
    const now = deps.clock.now();
    for (const [i, job] of deps.jobs.entries()) {
      try {
        const done = job.run(deps.db, now);
        if (done > 0) deps.logger.info(`Scheduler: ${job.name}`, { done });
      } catch (e) {
        // One failing job must not stop the others; it is retried on the next run.
        deps.logger.error(`Scheduler job failed: ${job.name}`, {
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        });
      }
      deps.emit({ type: 'progress', job: 'scheduler', done: i + 1, total: deps.jobs.length });
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
