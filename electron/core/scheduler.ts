import { desc, lt } from 'drizzle-orm';
import schedule from 'node-schedule';
import { Temporal } from 'temporal-polyfill';
import { addDays } from '../../shared/calendar';
import { dateInZone } from '../../shared/dates';
import { schedulerRuns } from '../../db/schema';
import type { SchedulerJobReport, SchedulerRun, SchedulerStatus } from '../../shared/contract/dunning';
import type { CoreEvent } from '../../shared/events';
import { createCtx, type Ctx } from './context';
import type { CorePorts } from './ports';

/**
 * One kind of due work. `run` processes everything due up to `ctx.now()`, each item in its own
 * transaction, and must be safe to run twice: it re-reads what is due inside each transaction.
 */
export interface DueJob {
  name: string;
  /**
   * Async only for jobs that talk to a gateway; each write is still its own synchronous transaction.
   * `trigger` says why the run came, for work that need not happen on every nudge.
   */
  run(ctx: Ctx, trigger: RunTrigger): number | Promise<number>;
}

export type RunTrigger =
  | 'start-up'
  | 'resume'
  | 'every 15 minutes'
  | 'midnight'
  | 'work queued'
  | 'polling'
  | 'test clock'
  | 'by hand';

export interface Scheduler {
  /** Processes everything due up to the clock's now. Concurrent calls share one run (DESIGN §6). */
  runDue(trigger?: RunTrigger): Promise<void>;
  /**
   * A commit queued work (a mail, an invoice to charge): run about a second from now, debounced, and
   * again after a run already in progress, which may have passed the job that the work is for.
   */
  nudge(): void;
  status(): SchedulerStatus;
  start(): void;
  stop(): void;
}

export const QUARTER_HOUR_MS = 15 * 60_000;
export const NUDGE_DELAY_MS = 1_000;
export const POLL_MS = 15_000;
/** Runs kept for Settings → System; quiet runs are only kept in memory. */
const KEEP_RUNS = 300;

export interface SchedulerDeps {
  ports: CorePorts;
  jobs: DueJob[];
  emit: (e: CoreEvent) => void;
  /** The business's time zone for the midnight run (null before first-run setup). */
  timeZone?: () => string | null;
  /** Whether card captures or payment links are open: then the app looks every ~15 s. */
  needsPolling?: () => boolean;
}

const TRIGGERS: RunTrigger[] = [
  'start-up',
  'resume',
  'every 15 minutes',
  'midnight',
  'work queued',
  'polling',
];

/**
 * An anacron, not a cron: the database says what is due, so a run after sleep or a closed app catches
 * up. Timers only decide when to look: start-up, resume (electron/main), every 15 minutes, midnight in
 * the business's zone (node-schedule), a nudge after a commit that queued work, and every 15 s while a
 * member has a card or payment page open. Timers use real time; the work asks the injected clock.
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { logger } = deps.ports;
  // Read per use: a restore reopens the database under the core (core/backup/restore.ts).
  const dbOf = () => deps.ports.database.db;
  let running: Promise<void> | null = null;
  let again = false;
  let started = false;
  let quarter: ReturnType<typeof setInterval> | null = null;
  let quarterNext = 0;
  let midnight: schedule.Job | null = null;
  let midnightZone: string | null = null;
  let nudgeTimer: ReturnType<typeof setTimeout> | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let pollAt = 0;
  let lastRun: SchedulerRun | null = null;

  const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

  const record = (run: Omit<SchedulerRun, 'id'>): SchedulerRun => {
    // Quiet runs (nothing done, nothing failed) happen every few seconds: memory only.
    if (run.done === 0 && run.errors === 0 && run.trigger !== 'start-up') return { id: 0, ...run };
    try {
      const row = dbOf()
        .insert(schedulerRuns)
        .values({ ...run, jobs: JSON.stringify(run.jobs) })
        .returning({ id: schedulerRuns.id })
        .get();
      dbOf()
        .delete(schedulerRuns)
        .where(lt(schedulerRuns.id, row.id - KEEP_RUNS))
        .run();
      return { id: row.id, ...run };
    } catch (e) {
      logger.error('Scheduler: could not record the run', { error: errorText(e) });
      return { id: 0, ...run };
    }
  };

  const runOnce = async (trigger: RunTrigger) => {
    const startedAt = deps.ports.clock.now().toISOString();
    const reports: SchedulerJobReport[] = [];
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
      const t0 = performance.now();
      try {
        const done = await job.run(ctx, trigger);
        reports.push({ name: job.name, done, ms: Math.round(performance.now() - t0) });
        if (done > 0) logger.info(`Scheduler: ${job.name}`, { done });
      } catch (e) {
        // One failing job must not stop the others; what it left due is retried on the next run.
        reports.push({
          name: job.name,
          done: 0,
          ms: Math.round(performance.now() - t0),
          error: errorText(e),
        });
        logger.error(`Scheduler job failed: ${job.name}`, {
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        });
      }
      for (const event of pending) deps.emit(event);
      deps.emit({ type: 'progress', job: 'scheduler', done: i + 1, total: deps.jobs.length });
      // Let the transports breathe between jobs (SSE, IPC) on a long catch-up; a quiet run (every
      // 15 minutes, every nudge) goes straight through, so it stays a few milliseconds.
      const report = reports[reports.length - 1]!;
      if (report.done > 0 || report.ms > 4) await new Promise((resolve) => setImmediate(resolve));
    }
    lastRun = record({
      trigger,
      startedAt,
      finishedAt: deps.ports.clock.now().toISOString(),
      done: reports.reduce((n, r) => n + r.done, 0),
      errors: reports.filter((r) => r.error).length,
      jobs: reports,
    });
    if (lastRun.id) deps.emit({ type: 'changed', domain: 'scheduler', ids: [lastRun.id] });
  };

  const afterRun = () => {
    if (!started) return;
    armMidnight();
    armPolling();
  };

  const runDue = (trigger: RunTrigger = 'by hand'): Promise<void> => {
    running ??= runOnce(trigger).finally(() => {
      running = null;
      afterRun();
      if (again) {
        again = false;
        void runDue('work queued');
      }
    });
    return running;
  };

  const nudge = () => {
    // Before start() (tests, previews) nothing runs by itself.
    if (!started) return;
    if (nudgeTimer) clearTimeout(nudgeTimer);
    nudgeTimer = setTimeout(() => {
      nudgeTimer = null;
      if (running) again = true;
      else void runDue('work queued');
    }, NUDGE_DELAY_MS);
    nudgeTimer.unref?.();
  };

  /** node-schedule fires at midnight of the business's zone; re-armed when the zone changes. */
  function armMidnight() {
    const zone = safe(() => deps.timeZone?.() ?? null, null);
    if (!zone || zone === midnightZone) return;
    midnight?.cancel();
    midnightZone = zone;
    midnight = schedule.scheduleJob({ rule: '0 0 * * *', tz: zone }, () => void runDue('midnight'));
  }

  function armPolling() {
    const open = safe(() => deps.needsPolling?.() ?? false, false);
    if (!open) {
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
      return;
    }
    if (pollTimer) return;
    pollAt = performance.now() + POLL_MS;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      void runDue('polling');
    }, POLL_MS);
    pollTimer.unref?.();
  }

  function safe<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch {
      return fallback;
    }
  }

  const toRun = (row: typeof schedulerRuns.$inferSelect): SchedulerRun => ({
    id: row.id,
    trigger: row.trigger,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    done: row.done,
    errors: row.errors,
    jobs: JSON.parse(row.jobs) as SchedulerJobReport[],
  });

  return {
    runDue,
    nudge,
    status() {
      const recent = dbOf()
        .select()
        .from(schedulerRuns)
        .orderBy(desc(schedulerRuns.id))
        .limit(20)
        .all()
        .map(toRun);
      // Timers run on the computer's time; the answer is told on the core's clock (the test clock too).
      const now = deps.ports.clock.now().getTime();
      const zone = midnightZone;
      const nextMidnight = zone
        ? Temporal.PlainDate.from(addDays(dateInZone(new Date(now), zone), 1)).toZonedDateTime({
            timeZone: zone,
          }).epochMilliseconds
        : null;
      const candidates = [
        started && quarter ? now + (quarterNext - performance.now()) : null,
        started ? nextMidnight : null,
        pollTimer ? now + (pollAt - performance.now()) : null,
      ].filter((t): t is number => t !== null);
      return {
        running: running !== null,
        lastRun: lastRun ?? recent[0] ?? null,
        lastBusyRun: recent[0] ?? null,
        recent,
        nextRunAt: candidates.length ? new Date(Math.min(...candidates)).toISOString() : null,
        polling: pollTimer !== null,
        triggers: TRIGGERS,
      };
    },
    start() {
      if (started) return;
      started = true;
      quarterNext = performance.now() + QUARTER_HOUR_MS;
      quarter = setInterval(() => {
        quarterNext = performance.now() + QUARTER_HOUR_MS;
        void runDue('every 15 minutes');
      }, QUARTER_HOUR_MS);
      quarter.unref?.();
      armMidnight();
      void runDue('start-up');
    },
    stop() {
      started = false;
      if (quarter) clearInterval(quarter);
      quarter = null;
      midnight?.cancel();
      midnight = null;
      midnightZone = null;
      if (nudgeTimer) clearTimeout(nudgeTimer);
      nudgeTimer = null;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
    },
  };
}
