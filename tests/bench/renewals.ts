/**
 * DESIGN §9: `runDue` renewing N manual-collection subscriptions (invoice + line + events +
 * subscription + sequence, one transaction each) against raw better-sqlite3 writing the same rows in
 * the same run, one transaction each too. Both on WAL files with synchronous=FULL, as the app runs.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../electron/core';
import { createTestClock } from '../../electron/core/clock';
import type { RecurDatabase } from '../../db/open';
import { BENCH_OWNER, openBenchDatabase } from './core';

export interface RenewalResult {
  subscriptions: number;
  coreMs: number;
  rawMs: number;
  ratio: number;
  corePerSecond: number;
  invoicesCreated: number;
  rssMb: number;
}

const noop = () => {};
const RENEWAL_DAY = '2026-03-01';

function seed(database: RecurDatabase, count: number, planId: number) {
  const { sqlite } = database;
  const now = `${RENEWAL_DAY}T12:00:00.000Z`;
  const member = sqlite.prepare(
    `INSERT INTO members (number, first_name, last_name, sort_name, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)`,
  );
  const sub = sqlite.prepare(
    `INSERT INTO subscriptions (member_id, plan_id, status, collection, price, currency, start_date, anchor_date, anchor_day,
       anchor_index, period_index, current_period_start, current_period_end, cycles_billed, created_at, updated_at)
     VALUES (?, ?, 'active', 'manual', 3000, 'USD', '2026-02-01', '2026-02-01', 1, 0, 0, '2026-02-01', ?, 1, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const id = Number(
        member.run(i, `First${i}`, `Last${i}`, `last${i} first${i}`, now, now).lastInsertRowid,
      );
      sub.run(id, planId, RENEWAL_DAY, now, now);
    }
    sqlite.prepare(`UPDATE sequences SET next = ? WHERE name = 'member'`).run(count + 1);
  })();
}

/** The rows one renewal writes, by hand: the floor any implementation of renewals stands on. */
function rawRenewals(database: RecurDatabase): number {
  const { sqlite } = database;
  const subs = sqlite
    .prepare(
      `SELECT id, member_id AS memberId, plan_id AS planId FROM subscriptions WHERE status = 'active' AND current_period_end <= ?`,
    )
    .all(RENEWAL_DAY) as Array<{
    id: number;
    memberId: number;
    planId: number;
  }>;
  const now = `${RENEWAL_DAY}T17:00:00.000Z`;
  const nextNumber = sqlite.prepare(
    `UPDATE sequences SET next = next + 1 WHERE name = 'invoice' RETURNING next - 1 AS n`,
  );
  const insertSeq = sqlite.prepare(`INSERT OR IGNORE INTO sequences (name, next) VALUES ('invoice', 1)`);
  const invoice = sqlite.prepare(
    `INSERT INTO invoices (number, member_id, subscription_id, status, reason, currency, subtotal, total, issue_date, due_date,
       period_start, period_end, member_snapshot, business_snapshot, billing_key, created_at, finalized_at)
     VALUES (?, ?, ?, 'open', 'subscription_cycle', 'USD', 3000, 3000, ?, '2026-03-08', ?, '2026-04-01', ?, ?, ?, ?, ?)`,
  );
  const line = sqlite.prepare(
    `INSERT INTO invoice_lines (invoice_id, kind, description, period_start, period_end, quantity, unit_amount, amount, total, plan_id)
     VALUES (?, 'plan', 'Monthly', ?, '2026-04-01', 1, 3000, 3000, 3000, ?)`,
  );
  const event = sqlite.prepare(
    `INSERT INTO billing_events (type, subscription_id, member_id, invoice_id, effective_date, data, created_at) VALUES (?, ?, ?, ?, ?, '{}', ?)`,
  );
  const update = sqlite.prepare(
    `UPDATE subscriptions SET period_index = 1, current_period_start = ?, current_period_end = '2026-04-01', cycles_billed = 2, updated_at = ? WHERE id = ?`,
  );
  const snapshot = JSON.stringify({ name: 'Member', number: 'M-00001', address: {} });
  const start = performance.now();
  for (const s of subs) {
    sqlite.transaction(() => {
      insertSeq.run();
      const n = (nextNumber.get() as { n: number }).n;
      const id = Number(
        invoice.run(
          `INV-${String(n).padStart(5, '0')}`,
          s.memberId,
          s.id,
          RENEWAL_DAY,
          RENEWAL_DAY,
          snapshot,
          snapshot,
          `period:${s.id}:1`,
          now,
          now,
        ).lastInsertRowid,
      );
      line.run(id, RENEWAL_DAY, s.planId);
      for (const type of ['invoice.created', 'invoice.finalized', 'subscription.renewed'])
        event.run(type, s.id, s.memberId, id, RENEWAL_DAY, now);
      update.run(RENEWAL_DAY, now, s.id);
    })();
  }
  return performance.now() - start;
}

export async function benchRenewals(count: number, dir: string): Promise<RenewalResult> {
  const file = join(dir, 'renewals.sqlite');
  const rawFile = join(dir, 'renewals-raw.sqlite');
  // Always from scratch: a kept folder holds the previous run's already renewed databases.
  for (const f of [file, rawFile]) for (const x of [f, `${f}-wal`, `${f}-shm`]) rmSync(x, { force: true });
  rmSync(`${file}.backups`, { recursive: true, force: true });
  const clock = createTestClock(new Date(`${RENEWAL_DAY}T17:00:00Z`));
  const database = openBenchDatabase(file);
  const core = createCore({
    database,
    clock,
    testClock: clock,
    logger: { info: noop, warn: noop, error: (m, d) => console.error(m, d) },
    preferences: { get: () => ({ theme: 'auto' }), set: noop },
    secrets: { get: () => null, set: noop, delete: noop },
  });
  const call = async (token: string | null, channel: string, input: unknown) => {
    const r = await core.dispatch({ token }, channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  const { token } = (await call(null, 'auth.setup', BENCH_OWNER)) as { token: string };
  const plan = await call(token, 'plans.create', {
    name: 'Monthly',
    price: 3000,
    currency: 'USD',
    interval: 'month',
    intervalCount: 1,
  });
  seed(database, count, plan.id as number);
  // The baseline gets the very same starting rows.
  database.sqlite.prepare('VACUUM INTO ?').run(rawFile);

  const start = performance.now();
  await core.scheduler.runDue();
  const coreMs = performance.now() - start;
  const invoicesCreated = (
    database.sqlite.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }
  ).n;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  core.close();

  const raw = openBenchDatabase(rawFile);
  const rawMs = rawRenewals(raw);
  raw.close();
  return {
    subscriptions: count,
    coreMs,
    rawMs,
    ratio: coreMs / rawMs,
    corePerSecond: (count / coreMs) * 1000,
    invoicesCreated,
    rssMb,
  };
}
