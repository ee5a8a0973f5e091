import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutputOf } from '../../../shared/contract';
import { dateInZone } from '../../../shared/dates';
import {
  RECOUNT_FAILED_DAYS,
  RECOUNT_FAILED_INVOICES,
  RECOUNT_REPORT_DAYS,
} from '../../../electron/core/reports/summaries';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { runHistoryStep, sharedActions, type SharedAction } from '../../support/history';
import { OWNER } from '../../support/core';
import { recountMrr, recountPlanMrr, storedMrr, storedPlanMrr } from './recount';

/** What only this suite does; the shared kinds (clock, change, cancel, pause, reactivate) are in support/history. */
type OwnAction =
  | { kind: 'subscribe'; member: number; plan: number; coupon: number }
  | { kind: 'pay'; pick: number; half: boolean }
  | { kind: 'refund'; pick: number; part: number }
  /**
   * A live subscription moves to another plan, so MRR moves between plans: Monthly and Monthly Plus
   * to each other now, the others to plan `plan` at the period end.
   */
  | { kind: 'switch'; pick: number; plan: number };
type Action = OwnAction | SharedAction;

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('subscribe' as const),
      member: fc.nat(4),
      plan: fc.nat(5),
      coupon: fc.nat(2),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(20), half: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(20),
      part: fc.integer({ min: 1, max: 100 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('switch' as const), pick: fc.nat(10), plan: fc.nat(5) }),
  },
  ...sharedActions({ advanceWeight: 4, maxDays: 50, lastPlan: 5 }),
);

async function setup(f: BillingFixture) {
  const vat = await f.taxRate('VAT', 2000, true);
  const sales = await f.taxRate('Sales', 825, false);
  await f.t.call(f.owner, 'coupons.create', {
    code: 'LIFE',
    kind: 'percent',
    percentBps: 1500,
    duration: 'forever',
  });
  await f.t.call(f.owner, 'coupons.create', {
    code: 'FIRST',
    kind: 'fixed',
    amountOff: 500,
    currency: 'USD',
    duration: 'once',
  });
  const plans = [
    await f.plan({ name: 'Monthly', price: 2999, taxRateId: sales, refundPolicy: 'prorated' }),
    await f.plan({
      name: 'Fortnight',
      price: 1250,
      interval: 'week',
      intervalCount: 2,
      taxRateId: vat,
      trialDays: 7,
    }),
    await f.plan({ name: 'Annual', price: 29_900, interval: 'year', setupFee: 1500 }),
    await f.plan({ name: 'Daily', price: 399, interval: 'day', intervalCount: 3 }),
    await f.plan({ name: 'Quarterly', price: 8100, interval: 'month', intervalCount: 3, taxRateId: sales }),
    // Monthly's interval, so a change between the two can happen now (and move MRR between plans).
    await f.plan({ name: 'Monthly Plus', price: 4999, refundPolicy: 'prorated' }),
  ];
  const members = [];
  for (let i = 0; i < 5; i++) members.push(await f.member());
  return { plans, members };
}

const REFUSALS = new Set(['CONFLICT', 'VALIDATION', 'NOT_FOUND', 'PAYMENT_FAILED']);

const run = (f: BillingFixture, s: Awaited<ReturnType<typeof setup>>, a: Action, today: { date: string }) =>
  runHistoryStep<OwnAction>(f, s.plans, a, today, REFUSALS, async (a) => {
    switch (a.kind) {
      case 'subscribe':
        return f.t.send(f.owner, 'subscriptions.create', {
          memberId: s.members[a.member]!,
          planId: s.plans[a.plan]!,
          ...(a.coupon === 1 ? { couponCode: 'LIFE' } : a.coupon === 2 ? { couponCode: 'FIRST' } : {}),
        });
      case 'pay': {
        const open = (await f.t.call(f.owner, 'invoices.list', { status: 'open', limit: 500 })).items;
        const inv = open[a.pick % Math.max(1, open.length)];
        if (!inv || inv.amountDue === 0) return undefined;
        return f.t.send(f.owner, 'payments.record', {
          invoiceId: inv.id,
          amount: a.half ? Math.max(1, Math.floor(inv.amountDue / 2)) : inv.amountDue,
          method: a.pick % 3 === 0 ? 'bank_transfer' : 'cash',
        });
      }
      case 'refund': {
        const paid = f.t.database.sqlite
          .prepare(
            `SELECT id, amount - amount_refunded AS left FROM payments WHERE status = 'succeeded' AND amount > amount_refunded ORDER BY id`,
          )
          .all() as Array<{ id: number; left: number }>;
        const p = paid[a.pick % Math.max(1, paid.length)];
        if (!p) return undefined;
        return f.t.send(f.owner, 'refunds.create', {
          paymentId: p.id,
          amount: Math.max(1, Math.floor((p.left * a.part) / 100)),
          reason: 'test',
          method: 'cash',
        });
      }
      case 'switch': {
        const [monthly, plus] = [s.plans[0]!, s.plans[5]!];
        const live = f.t.database.sqlite
          .prepare(
            `SELECT id, plan_id AS planId FROM subscriptions WHERE status IN ('active', 'past_due') ORDER BY id`,
          )
          .all() as Array<{ id: number; planId: number }>;
        const sub = live[a.pick % Math.max(1, live.length)];
        if (!sub) return undefined;
        const sibling = sub.planId === monthly ? plus : sub.planId === plus ? monthly : null;
        return f.t.send(f.owner, 'subscriptions.changePlan', {
          id: sub.id,
          planId: sibling ?? s.plans[a.plan]!,
          when: sibling ? 'now' : 'period_end',
        });
      }
    }
  });

/**
 * ChartMogul's MRR of every live subscription, computed here from the rows, independently of SQL:
 * the business's total, and per plan its MRR and the members paying for it.
 */
function oracleMrr(f: BillingFixture): {
  mrr: number;
  byPlan: Map<number, { mrr: number; members: number }>;
} {
  const q = (sql: string) =>
    f.t.database.sqlite.prepare(sql).all() as Array<Record<string, number | string | null>>;
  const plans = new Map(q('SELECT * FROM plans').map((p) => [p.id, p]));
  const coupons = new Map(q('SELECT * FROM coupons').map((c) => [c.id, c]));
  const rates = new Map(q('SELECT * FROM tax_rates').map((t) => [t.id, t]));
  const defaultRate = q(
    `SELECT * FROM tax_rates WHERE is_default = 1 AND status = 'active' ORDER BY id LIMIT 1`,
  )[0];
  const halfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));
  let sum = 0;
  const byPlan = new Map<number, { mrr: number; members: Set<number> }>();
  for (const s of q(`SELECT * FROM subscriptions WHERE status IN ('active', 'past_due')`)) {
    const plan = plans.get(s.plan_id)!;
    const coupon = s.coupon_id ? coupons.get(s.coupon_id) : undefined;
    const price = s.price as number;
    let off = 0;
    if (coupon?.duration === 'forever') {
      off =
        coupon.kind === 'percent'
          ? halfUp(price * (coupon.percent_bps as number), 10_000)
          : Math.min(coupon.amount_off as number, price);
    }
    const disc = Math.max(0, price - off);
    const rate = plan.tax_rate_id ? rates.get(plan.tax_rate_id) : defaultRate;
    const net = rate?.inclusive ? halfUp(disc * 10_000, 10_000 + (rate.rate_bps as number)) : disc;
    const count = plan.interval_count as number;
    const [num, den] = {
      day: [365, 12 * count],
      week: [52, 12 * count],
      month: [1, count],
      year: [1, 12 * count],
    }[plan.interval as 'day'] as [number, number];
    if (net <= 0) continue;
    const mrr = halfUp(net * num, den);
    sum += mrr;
    const onPlan = byPlan.get(s.plan_id as number) ?? { mrr: 0, members: new Set<number>() };
    onPlan.mrr += mrr;
    onPlan.members.add(s.member_id as number);
    byPlan.set(s.plan_id as number, onPlan);
  }
  return {
    mrr: sum,
    byPlan: new Map([...byPlan].map(([id, p]) => [id, { mrr: p.mrr, members: p.members.size }])),
  };
}

type Months = OutputOf<'reports.mrr'>['months'];

/** Each month's movements take its MRR at the start to its MRR at the end, which the next month starts from. */
function expectMovementsAddUp(months: Months, what: string) {
  for (let i = 0; i < months.length; i++) {
    const m = months[i]!;
    expect(m.mrrEnd, `${what}, ${m.month}`).toBe(
      m.mrrStart + m.new + m.expansion + m.reactivation + m.movedIn - m.contraction - m.churn - m.movedOut,
    );
    if (i > 0) expect(m.mrrStart, `${what}, ${m.month}`).toBe(months[i - 1]!.mrrEnd);
  }
}

type MemberMonths = OutputOf<'reports.members'>['months'];

/** Paying members the same way: start + new + came back + moved in − left − moved out = end. */
function expectMembersAddUp(months: MemberMonths, what: string) {
  for (let i = 0; i < months.length; i++) {
    const m = months[i]!;
    expect(m.customersEnd, `${what}, ${m.month}`).toBe(
      m.customersStart + m.new + m.reactivated + m.movedIn - m.churned - m.movedOut,
    );
    if (i > 0) expect(m.customersStart, `${what}, ${m.month}`).toBe(months[i - 1]!.customersEnd);
  }
}

async function checkMoney(f: BillingFixture, from: string, to: string) {
  const db = f.t.database.sqlite;
  const tz = OWNER.timeZone;
  const inRange = (instant: string) => {
    const d = dateInZone(new Date(instant), tz);
    return d >= from && d <= to;
  };
  const rows = <T>(sql: string) => db.prepare(sql).all() as T[];
  const paid = rows<{ amount: number; at: string }>(
    `SELECT amount, coalesce(settled_at, created_at) AS at FROM payments WHERE status = 'succeeded'`,
  )
    .filter((p) => inRange(p.at))
    .reduce((s, p) => s + p.amount, 0);
  const refunded = rows<{ amount: number; at: string }>(
    `SELECT amount, coalesce(settled_at, created_at) AS at FROM refunds WHERE status = 'succeeded'`,
  )
    .filter((p) => inRange(p.at))
    .reduce((s, p) => s + p.amount, 0);
  const revenue = await f.t.call(f.owner, 'reports.revenue', { from, to, groupBy: 'week' });
  // Revenue collected = payments − refunds in the range, and the periods add up to the totals.
  expect(revenue.totals.collected).toBe(paid);
  expect(revenue.totals.refunded).toBe(refunded);
  expect(revenue.totals.net).toBe(paid - refunded);
  expect(revenue.periods.reduce((s, p) => s + p.net, 0)).toBe(paid - refunded);

  // Tax = invoice tax − credit-note tax (each credit note takes its share of the invoice's tax, half-up).
  const invoiceTax =
    rows<{ tax: number }>(
      `SELECT sum(l.tax_amount) AS tax FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
     WHERE i.status IN ('open', 'paid', 'uncollectible') AND i.issue_date BETWEEN '${from}' AND '${to}'`,
    )[0]!.tax ?? 0;
  let creditTax = 0;
  for (const c of rows<{ id: number; amount: number; at: string; invoiceId: number; total: number }>(
    `SELECT c.id, c.amount, c.created_at AS at, c.invoice_id AS invoiceId, i.total FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id`,
  )) {
    if (!inRange(c.at) || c.total <= 0) continue;
    const groups = rows<{ tax: number }>(
      `SELECT sum(tax_amount) AS tax FROM invoice_lines WHERE invoice_id = ${c.invoiceId} GROUP BY coalesce(plan_id, 0), coalesce(tax_rate_id, 0), tax_rate_bps`,
    );
    for (const g of groups) creditTax += Math.trunc((2 * c.amount * g.tax + c.total) / (2 * c.total));
  }
  const tax = await f.t.call(f.owner, 'reports.tax', { from, to });
  expect(tax.totals.netTax).toBe(invoiceTax - creditTax);

  // Aged buckets sum to the total owed, which is what the open invoices still ask for.
  const owed = rows<{ due: number }>(
    `SELECT coalesce(sum(max(0, total - balance_applied - amount_paid - amount_credited)), 0) AS due FROM invoices WHERE status = 'open'`,
  )[0]!.due;
  const aged = await f.t.call(f.owner, 'reports.receivables', { from, to: '2099-12-31' > to ? to : to });
  const b = aged.buckets;
  expect(b.b0 + b.b30 + b.b60 + b.b90).toBe(b.total);
  expect(aged.members.reduce((s, m) => s + m.total, 0)).toBe(b.total);
  if (to >= aged.asOf) expect(b.total).toBe(owed);
}

describe('report invariants over random histories', () => {
  it('hold after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 8, maxLength: 22 }), async (actions) => {
        const f = await billingFixture('2026-01-10');
        try {
          const s = await setup(f);
          const today = { date: '2026-01-10' };
          const seen: Array<{ day: string } & ReturnType<typeof oracleMrr>> = [];
          for (const a of actions) {
            await run(f, s, a, today);
            seen.push({ day: today.date, ...oracleMrr(f) });
          }
          const end = today.date;
          const mrrOf = (to: string, planId?: number) =>
            f.t.call(f.owner, 'reports.mrr', { from: '2026-01-01', to, ...(planId ? { planId } : {}) });
          // MRR on a day = the sum of the normalized live subscriptions that day; a plan's, of those on it.
          for (const { day, mrr, byPlan } of seen.filter((x, i) => seen[i + 1]?.day !== x.day)) {
            expect((await mrrOf(day)).mrr, `MRR on ${day}`).toBe(mrr);
            for (const planId of s.plans) {
              const report = await mrrOf(day, planId);
              const want = byPlan.get(planId) ?? { mrr: 0, members: 0 };
              expect([report.mrr, report.customers], `plan ${planId} on ${day}`).toEqual([
                want.mrr,
                want.members,
              ]);
            }
          }
          // Movements add up from one month's MRR to the next, for the business and for each plan,
          // and the plans' MRR at each month end adds up to the business's.
          const months = (await mrrOf(end)).months;
          expectMovementsAddUp(months, 'all plans');
          expect(months.every((m) => m.movedIn === 0 && m.movedOut === 0)).toBe(true);
          const planEnds = new Map<string, number>();
          for (const planId of s.plans) {
            const planMonths = (await mrrOf(end, planId)).months;
            expectMovementsAddUp(planMonths, `plan ${planId}`);
            for (const m of planMonths) planEnds.set(m.month, (planEnds.get(m.month) ?? 0) + m.mrrEnd);
          }
          for (const m of months) expect(planEnds.get(m.month) ?? 0, `plans in ${m.month}`).toBe(m.mrrEnd);
          // Paying members per plan add up month to month and end at those paying on it now.
          const membersOf = (planId?: number) =>
            f.t.call(f.owner, 'reports.members', {
              from: '2026-01-01',
              to: end,
              ...(planId ? { planId } : {}),
            });
          const everyone = await membersOf();
          expectMembersAddUp(everyone.months, 'all members');
          expect(everyone.months.every((m) => m.movedIn === 0 && m.movedOut === 0)).toBe(true);
          const now = seen.at(-1)!.byPlan;
          let payingOnPlans = 0;
          for (const planId of s.plans) {
            const r = await membersOf(planId);
            expectMembersAddUp(r.months, `members of plan ${planId}`);
            const paying = r.months.at(-1)?.customersEnd ?? 0;
            expect(paying, `paying on plan ${planId}`).toBe(now.get(planId)?.members ?? 0);
            payingOnPlans += paying;
          }
          // A member paying on two plans counts on each: never fewer than the business's.
          expect(payingOnPlans).toBeGreaterThanOrEqual(everyone.months.at(-1)?.customersEnd ?? 0);
          await checkMoney(f, '2026-01-01', end);
          await checkMoney(f, '2026-02-01', end < '2026-03-15' ? '2026-03-15' : end);
          // The summaries kept by triggers equal a full recount.
          const db = f.t.database.sqlite;
          const stored = db
            .prepare(
              `SELECT * FROM report_days WHERE n <> 0 OR amount <> 0 OR tax <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
            )
            .all();
          const recount = db
            .prepare(
              `SELECT * FROM (${RECOUNT_REPORT_DAYS.join(' UNION ALL ')}) ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
            )
            .all();
          expect(stored).toEqual(recount);
          // …and the monthly rollup equals the days it rolls up.
          const monthRows = db
            .prepare(
              `SELECT * FROM report_months WHERE n <> 0 OR amount <> 0 OR tax <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
            )
            .all();
          const rolled = db
            .prepare(
              `SELECT substr(day, 1, 7) AS month, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps,
                 sum(n) AS n, sum(amount) AS amount, sum(tax) AS tax
               FROM report_days GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
               HAVING sum(n) <> 0 OR sum(amount) <> 0 OR sum(tax) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
            )
            .all();
          expect(monthRows).toEqual(rolled);
          // …and the failed-payment summaries equal theirs.
          expect(
            db
              .prepare(
                `SELECT day, currency, code, attempts, amount FROM report_failed_days ORDER BY 1, 2, 3`,
              )
              .all(),
          ).toEqual(db.prepare(`SELECT * FROM (${RECOUNT_FAILED_DAYS}) ORDER BY 1, 2, 3`).all());
          expect(db.prepare(`SELECT * FROM report_failed_invoices ORDER BY 1`).all()).toEqual(
            db.prepare(`SELECT * FROM (${RECOUNT_FAILED_INVOICES}) ORDER BY 1`).all(),
          );
          expect(storedMrr(db)).toEqual(recountMrr(db));
          expect(storedPlanMrr(db)).toEqual(recountPlanMrr(db));
        } finally {
          f.t.close();
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 600_000);
});
