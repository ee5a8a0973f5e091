import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceEntries, creditNotes, invoiceLines, invoices, payments } from '../../../db/schema';
import { addDays } from '../../../shared/calendar';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { runHistoryStep, sharedActions, type SharedAction } from '../../support/history';

/** What only this suite does; the shared kinds (clock, change, cancel, pause, reactivate) are in support/history. */
type OwnAction =
  | { kind: 'subscribe'; member: number; plan: number; coupon: boolean; billingDay: number | null }
  | { kind: 'pay'; pick: number; part: 'full' | 'half' | 'over' }
  | { kind: 'resume'; pick: number }
  | { kind: 'usage'; pick: number; quantity: number };
type Action = OwnAction | SharedAction;

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('subscribe' as const),
      member: fc.nat(3),
      plan: fc.nat(3),
      coupon: fc.boolean(),
      billingDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: null }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      pick: fc.nat(20),
      part: fc.constantFrom('full' as const, 'half' as const, 'over' as const),
    }),
  },
  ...sharedActions({ advanceWeight: 5, maxDays: 45, lastPlan: 3 }),
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resume' as const), pick: fc.nat(10) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('usage' as const),
      pick: fc.nat(10),
      quantity: fc.integer({ min: 1, max: 6 }),
    }),
  },
);

async function setup(f: BillingFixture) {
  const tax = await f.taxRate('VAT', 2000, true);
  const sales = await f.taxRate('Sales', 825, false);
  await f.t.call(f.owner, 'coupons.create', {
    code: 'TWENTY',
    kind: 'percent',
    percentBps: 2000,
    duration: 'repeating',
    durationCycles: 2,
  });
  const plans = [
    await f.plan({
      name: 'Monthly',
      price: 2999,
      taxRateId: sales,
      usage: [{ metric: 'classes', included: 4, overageUnitPrice: 350 }],
      refundPolicy: 'prorated',
    }),
    await f.plan({
      name: 'Fortnight',
      price: 1250,
      interval: 'week',
      intervalCount: 2,
      taxRateId: tax,
      trialDays: 7,
      refundPolicy: 'full_within_days',
      refundDays: 5,
    }),
    await f.plan({
      name: 'Annual',
      price: 29900,
      interval: 'year',
      intervalCount: 1,
      setupFee: 1500,
      graceDays: 3,
    }),
    await f.plan({
      name: 'Quarterly',
      price: 8100,
      interval: 'month',
      intervalCount: 3,
      taxRateId: sales,
      pausable: false,
    }),
  ];
  const members = [];
  for (let i = 0; i < 4; i++) members.push(await f.member());
  return { plans, members };
}

const ACCEPTED_REFUSALS = new Set(['CONFLICT', 'VALIDATION', 'NOT_FOUND']);

const run = (f: BillingFixture, ctx: Awaited<ReturnType<typeof setup>>, a: Action, today: { date: string }) =>
  runHistoryStep<OwnAction>(f, ctx.plans, a, today, ACCEPTED_REFUSALS, async (a, pickSub) => {
    switch (a.kind) {
      case 'subscribe':
        return f.t.send(f.owner, 'subscriptions.create', {
          memberId: ctx.members[a.member]!,
          planId: ctx.plans[a.plan]!,
          ...(a.coupon ? { couponCode: 'TWENTY' } : {}),
          ...(a.billingDay ? { billingDay: a.billingDay } : {}),
        });
      case 'pay': {
        const open = (await f.t.call(f.owner, 'invoices.list', { status: 'open', limit: 500 })).items;
        const inv = open[a.pick % Math.max(1, open.length)];
        if (!inv) return undefined;
        const amount =
          a.part === 'full'
            ? inv.amountDue
            : a.part === 'half'
              ? Math.max(1, Math.floor(inv.amountDue / 2))
              : inv.amountDue + 777;
        return f.t.send(f.owner, 'payments.record', {
          invoiceId: inv.id,
          amount,
          method: 'cash',
          confirmOverpayment: a.part === 'over',
        });
      }
      case 'resume': {
        const sub = pickSub(a.pick);
        return sub && f.t.send(f.owner, 'subscriptions.resume', { id: sub.id });
      }
      case 'usage': {
        const sub = pickSub(a.pick);
        return (
          sub &&
          f.t.send(f.owner, 'usage.record', {
            subscriptionId: sub.id,
            metric: 'classes',
            quantity: a.quantity,
          })
        );
      }
    }
  });

function checkInvariants(f: BillingFixture) {
  const db = f.t.database.db;
  const allInvoices = db.select().from(invoices).all();
  const lines = db.select().from(invoiceLines).all();

  for (const inv of allInvoices) {
    const own = lines.filter((l) => l.invoiceId === inv.id);
    // Invoice totals equal the sum of their lines.
    expect(inv.subtotal).toBe(own.reduce((s, l) => s + l.amount, 0));
    expect(inv.discountTotal).toBe(own.reduce((s, l) => s + l.discountAmount, 0));
    expect(inv.taxTotal).toBe(own.reduce((s, l) => s + l.taxAmount, 0));
    expect(inv.total).toBe(own.reduce((s, l) => s + l.total, 0));
    for (const l of own)
      expect(l.total).toBe(l.amount - l.discountAmount + (l.taxInclusive ? 0 : l.taxAmount));
    // A paid invoice is covered exactly; an open one never more than its total.
    const covered = inv.balanceApplied + inv.amountPaid + inv.amountCredited;
    if (inv.status === 'paid') expect(covered).toBe(inv.total);
    else expect(covered).toBeLessThanOrEqual(inv.total);
    expect(Number.isSafeInteger(inv.total)).toBe(true);
  }

  // Numbers are gapless: the finalized invoices are exactly 1..N.
  const numbers = allInvoices
    .filter((i) => i.number)
    .map((i) => Number(i.number!.replace(/\D/g, '')))
    .sort((a, b) => a - b);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));

  // No period is billed twice and a subscription's periods never overlap, with one exception: a
  // period canceled with a refund (its invoice has a credit note) may be started afresh.
  const bySub = new Map<number, typeof allInvoices>();
  for (const inv of allInvoices.filter((i) => i.subscriptionId && i.billingKey?.startsWith('period:'))) {
    bySub.set(inv.subscriptionId!, [...(bySub.get(inv.subscriptionId!) ?? []), inv]);
  }
  const credited = new Set(
    db
      .select()
      .from(creditNotes)
      .all()
      .map((n) => n.invoiceId),
  );
  for (const list of bySub.values()) {
    const sorted = [...list].sort((a, b) =>
      a.periodStart! === b.periodStart! ? a.id - b.id : a.periodStart! < b.periodStart! ? -1 : 1,
    );
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const overlaps = sorted[i]!.periodStart! < prev.periodEnd!;
      expect(overlaps && !credited.has(prev.id), `invoice ${sorted[i]!.number} overlaps ${prev.number}`).toBe(
        false,
      );
    }
  }

  // Money in equals what it paid on invoices plus what went to balances as overpayment.
  const paid = db
    .select()
    .from(payments)
    .all()
    .reduce((s, p) => s + p.amount, 0);
  const onInvoices = allInvoices.reduce((s, i) => s + i.amountPaid, 0);
  const entries = db.select().from(balanceEntries).all();
  const overpaid = entries.filter((e) => e.paymentId !== null).reduce((s, e) => s + e.amount, 0);
  expect(paid).toBe(onInvoices + overpaid);
  // No member's balance goes below zero.
  const perMember = new Map<number, number>();
  for (const e of entries) perMember.set(e.memberId, (perMember.get(e.memberId) ?? 0) + e.amount);
  for (const v of perMember.values()) expect(v).toBeGreaterThanOrEqual(0);
}

describe('billing invariants over random actions and clock moves', () => {
  it('hold for a subscription canceled now with a full credit and reactivated the same day (found by fast-check)', async () => {
    const f = await billingFixture('2026-01-31');
    try {
      const ctx = await setup(f);
      const today = { date: '2026-01-31' };
      const actions: Action[] = [
        { kind: 'subscribe', member: 0, plan: 0, coupon: false, billingDay: null },
        { kind: 'cancel', pick: 0, now: true },
        { kind: 'reactivate', pick: 0 },
      ];
      for (const a of actions) await run(f, ctx, a, today);
      await f.advanceTo('2026-05-31');
      checkInvariants(f);
    } finally {
      f.t.close();
    }
  });

  it('hold after every sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        const f = await billingFixture('2026-01-31');
        try {
          const ctx = await setup(f);
          const today = { date: '2026-01-31' };
          for (const a of actions) await run(f, ctx, a, today);
          today.date = addDays(today.date, 120);
          await f.advanceTo(today.date);
          checkInvariants(f);
        } finally {
          f.t.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
