/**
 * The members list by membership (issue 9): a page of each membership tab, at offsets through the
 * list, and the tab counts, over the bench's members. Members get subscriptions in a gym's usual
 * mix first (raw inserts: the migration's triggers derive each member's membership, as for any
 * writer), once per database.
 */
import type { RecurDatabase } from '../../db/open';
import type { BenchCore } from './core';
import { prng } from './generate';
import { summarize, timeAsync } from './measure';
import type { Row } from './report';

const MIX: Array<[status: string, share: number]> = [
  ['active', 0.58],
  ['trialing', 0.05],
  ['past_due', 0.04],
  ['paused', 0.03],
  ['canceled', 0.15],
  // The rest (≈15%) never subscribed: membership "none".
];
const MEMBERSHIPS = ['active', 'trial', 'past_due', 'paused', 'expired', 'none'] as const;

/** Gives the bench's members subscriptions in MIX's shares; nothing when they already have some. */
function seedSubscriptions(database: RecurDatabase, seed: number): number {
  const { sqlite } = database;
  const existing = (sqlite.prepare('SELECT count(*) AS n FROM subscriptions').get() as { n: number }).n;
  if (existing > 0) return existing;
  const now = '2026-03-01T12:00:00.000Z';
  const planId = Number(
    sqlite
      .prepare(
        `INSERT INTO plans (name, price, currency, interval, interval_count, created_at, updated_at)
         VALUES ('Monthly membership', 3000, 'USD', 'month', 1, ?, ?)`,
      )
      .run(now, now).lastInsertRowid,
  );
  const insert = sqlite.prepare(
    `INSERT INTO subscriptions (member_id, plan_id, status, collection, price, currency, start_date, anchor_date, anchor_day,
       anchor_index, period_index, current_period_start, current_period_end, cycles_billed, created_at, updated_at)
     VALUES (?, ?, ?, 'manual', 3000, 'USD', '2026-02-01', '2026-02-01', 1, 0, 0, '2026-03-01', '2026-04-01', 1, ?, ?)`,
  );
  const ids = (sqlite.prepare('SELECT id FROM members').all() as Array<{ id: number }>).map((r) => r.id);
  const random = prng(seed);
  let n = 0;
  sqlite.transaction(() => {
    for (const id of ids) {
      let roll = random();
      for (const [status, share] of MIX) {
        if (roll < share) {
          insert.run(id, planId, status, now, now);
          n++;
          break;
        }
        roll -= share;
      }
    }
  })();
  return n;
}

export async function benchMembership(
  bench: BenchCore & { database: RecurDatabase },
  token: string,
  opts: { rounds: number; seed: number },
): Promise<Row[]> {
  const started = performance.now();
  const seeded = seedSubscriptions(bench.database, opts.seed);
  const seedMs = performance.now() - started;
  const list = (input: unknown) => bench.call<{ total: number }>(token, 'members.list', input);

  const requests: unknown[] = [];
  const totals: Record<string, number> = {};
  for (const membership of MEMBERSHIPS) {
    const total = (await list({ membership, limit: 1 })).total;
    totals[membership] = total;
    const last = Math.max(0, Math.floor((total - 1) / 100) * 100);
    for (let i = 0; i < 6; i++) {
      const offset = Math.floor((last * i) / 5 / 100) * 100;
      requests.push({ membership, limit: 100, offset, withTotal: offset === 0 });
    }
  }
  // The unfiltered first page now carries plan names too.
  requests.push({ status: 'active', limit: 100, offset: 0 });
  for (const r of requests) await list(r); // warm-up

  const pageMs: number[] = [];
  const pageCpu: number[] = [];
  const countMs: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (const r of requests) {
      const { ms, cpuMs } = await timeAsync(() => list(r));
      pageMs.push(ms);
      pageCpu.push(cpuMs);
    }
    countMs.push((await timeAsync(() => bench.call(token, 'members.counts', {}))).ms);
  }
  const pages = summarize(pageMs);
  const counts = summarize(countMs);
  return [
    {
      metric: 'list page by membership p50',
      value: pages.p50,
      unit: 'ms',
    },
    {
      metric: 'list page by membership p95',
      value: pages.p95,
      unit: 'ms',
      target: 10,
      targetSource: 'issue 9',
      note: MEMBERSHIPS.map((m) => `${m} ${totals[m]!.toLocaleString('en-US')}`).join(', '),
    },
    {
      metric: 'list page by membership p95, CPU time',
      value: summarize(pageCpu).p95,
      unit: 'ms',
      note: 'the work itself, without waiting for a busy machine',
    },
    {
      metric: 'membership tab counts p95',
      value: counts.p95,
      unit: 'ms',
      note: `members.counts, ${counts.n} calls`,
    },
    {
      metric: 'seed subscriptions for the membership bench',
      value: seedMs,
      unit: 'ms',
      note: `${seeded.toLocaleString('en-US')} subscriptions (triggers derive memberships)`,
    },
  ];
}
