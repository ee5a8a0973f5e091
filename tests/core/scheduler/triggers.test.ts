import schedule from 'node-schedule';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../db/open';
import { createTestClock } from '../../../electron/core/clock';
import type { CorePorts } from '../../../electron/core/ports';
import { createScheduler, type DueJob, type Scheduler } from '../../../electron/core/scheduler';
import { nudgeOnWork } from '../../../electron/core/system/scheduler-handlers';
import { MIGRATIONS, memoryLogger, memoryPreferences, memorySecrets } from '../../support/core';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

function ports(): CorePorts {
  return {
    database: openDatabase({ file: ':memory:', migrationsFolder: MIGRATIONS }),
    clock: createTestClock(new Date('2026-03-02T15:00:00Z')),
    logger: memoryLogger(),
    preferences: memoryPreferences(),
    secrets: memorySecrets(),
  };
}

/** A job that counts its runs and, when asked, does `work` items or fails. */
function spyJob(name = 'spy') {
  const job = { name, runs: 0, work: 0, fail: false, gate: null as Promise<void> | null };
  const due: DueJob = {
    name,
    run: async () => {
      job.runs++;
      if (job.gate) await job.gate;
      if (job.fail) throw new Error('disk full');
      return job.work;
    },
  };
  return { job, due };
}

/** Lets a run finish: fake timers at 0 ms, and the real event loop for the scheduler's setImmediate. */
const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await vi.advanceTimersByTimeAsync(0);
    await new Promise((r) => setImmediate(r));
  }
};

describe('scheduler triggers', () => {
  let s: Scheduler;
  let p: CorePorts;
  let polling = false;
  beforeEach(() => {
    // setImmediate stays real: the scheduler yields to the event loop between jobs.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    p = ports();
    polling = false;
  });
  afterEach(() => {
    s?.stop();
    p.database.close();
    vi.useRealTimers();
  });

  const build = (jobs: DueJob[]) =>
    (s = createScheduler({
      ports: p,
      jobs,
      emit: () => {},
      timeZone: () => 'America/New_York',
      needsPolling: () => polling,
    }));

  it('runs at start-up, then every 15 minutes', async () => {
    const { job, due } = spyJob();
    build([due]).start();
    await settle();
    expect(job.runs).toBe(1);
    expect(s.status().lastRun?.trigger).toBe('start-up');
    await vi.advanceTimersByTimeAsync(15 * 60_000 - 1);
    expect(job.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(job.runs).toBe(2);
    expect(s.status().lastRun?.trigger).toBe('every 15 minutes');
  });

  it('debounces nudges to one run about a second after the last one', async () => {
    const { job, due } = spyJob();
    build([due]).start();
    await settle();
    s.nudge();
    await vi.advanceTimersByTimeAsync(400);
    s.nudge();
    await vi.advanceTimersByTimeAsync(400);
    s.nudge();
    await vi.advanceTimersByTimeAsync(999);
    expect(job.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(job.runs).toBe(2);
    expect(s.status().lastRun?.trigger).toBe('work queued');
  });

  it('runs again after a run in progress when work was queued during it', async () => {
    const { job, due } = spyJob();
    let open!: () => void;
    job.gate = new Promise((r) => (open = r));
    build([due]).start();
    await settle();
    expect(s.status().running).toBe(true);
    s.nudge();
    await vi.advanceTimersByTimeAsync(1000);
    expect(job.runs).toBe(1); // still the start-up run
    job.gate = null;
    open();
    await settle();
    expect(job.runs).toBe(2);
    expect(s.status().lastRun?.trigger).toBe('work queued');
  });

  it('does nothing by itself before start() (tests and previews stay in control)', async () => {
    const { job, due } = spyJob();
    build([due]);
    s.nudge();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(job.runs).toBe(0);
  });

  it('polls every 15 s while a card capture or payment page is open, and stops after', async () => {
    const { job, due } = spyJob();
    polling = true;
    build([due]).start();
    await settle();
    await vi.advanceTimersByTimeAsync(15_000);
    await settle();
    expect(job.runs).toBe(2);
    expect(s.status().lastRun?.trigger).toBe('polling');
    expect(s.status().polling).toBe(true);
    polling = false;
    await vi.advanceTimersByTimeAsync(15_000);
    await settle();
    expect(job.runs).toBe(3);
    expect(s.status().polling).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(job.runs).toBe(3);
  });

  it('schedules the midnight run in the business time zone', async () => {
    build([spyJob().due]).start();
    await settle();
    const jobs = Object.values(schedule.scheduledJobs);
    const next = jobs.map((j) => j.nextInvocation()).find(Boolean)!;
    const midnight = new Date(next.getTime());
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(midnight);
    expect(local).toBe('00:00');
  });

  it('records what each job did and any error, and shows busy runs after quiet ones', async () => {
    const a = spyJob('charges');
    const b = spyJob('mail');
    a.job.work = 3;
    b.job.fail = true;
    build([a.due, b.due]).start();
    await settle();
    const first = s.status();
    expect(first.lastRun).toMatchObject({ trigger: 'start-up', done: 3, errors: 1 });
    expect(first.lastRun!.jobs.map((j) => [j.name, j.done, j.error ?? null])).toEqual([
      ['charges', 3, null],
      ['mail', 0, 'disk full'],
    ]);
    // A quiet run is shown as the last run, but the board keeps the busy one.
    a.job.work = 0;
    b.job.fail = false;
    await s.runDue('by hand');
    const after = s.status();
    expect(after.lastRun).toMatchObject({ trigger: 'by hand', done: 0, errors: 0 });
    expect(after.lastBusyRun).toMatchObject({ trigger: 'start-up', done: 3 });
    expect(after.recent).toHaveLength(1);
    expect(new Date(after.nextRunAt!).getTime()).toBeGreaterThan(p.clock.now().getTime());
  });

  it('nudges after commits that queue work, not after reads', () => {
    const nudge = vi.fn();
    const onCommit = nudgeOnWork({ nudge } as unknown as Scheduler);
    onCommit([{ type: 'changed', domain: 'settings', ids: [1] }]);
    expect(nudge).not.toHaveBeenCalled();
    for (const domain of ['outbox', 'invoices', 'subscriptions', 'members']) {
      onCommit([{ type: 'changed', domain, ids: [1] }]);
    }
    expect(nudge).toHaveBeenCalledTimes(4);
  });
});

describe('work queued while open', () => {
  let f: PaymentsFixture;
  afterEach(async () => {
    f.t.core.scheduler.stop();
    await f?.close();
  });

  it('charges an automatic invoice within seconds of its issue, with no run asked for', async () => {
    f = await paymentsFixture('2026-03-02');
    const member = await f.member();
    await f.addCard(member, 'pm_card_visa');
    f.t.core.scheduler.start();
    await f.t.core.scheduler.runDue(); // let the start-up run finish first
    const issued = performance.now();
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: member,
      planId: await f.plan(),
      collection: 'automatic',
    });
    // The create committed an invoice: dispatch nudged the scheduler, which charges it.
    let status = 'open';
    while (status !== 'paid' && performance.now() - issued < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await f.invoicesOf(sub.id))[0]!.status;
    }
    expect(status).toBe('paid');
    expect(performance.now() - issued).toBeLessThan(10_000);
    const status2 = await f.t.call(f.owner, 'scheduler.status', {});
    // The run that charged it is on the status board once it has finished (mail jobs come after).
    let triggers = status2.recent.map((r) => r.trigger);
    while (!triggers.includes('work queued') && performance.now() - issued < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      triggers = (await f.t.call(f.owner, 'scheduler.status', {})).recent.map((r) => r.trigger);
    }
    expect(triggers).toContain('work queued');
  });
});
