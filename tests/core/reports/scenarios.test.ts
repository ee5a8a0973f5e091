import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { signInAs } from '../../support/core';

let f: BillingFixture;
afterEach(() => f?.t.close());

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const mrr = async (to: string) => (await f.t.call(f.owner, 'reports.mrr', { from: '2026-01-01', to })).mrr;
const month = async (m: string) =>
  (await f.t.call(f.owner, 'reports.mrr', YEAR)).months.find((x) => x.month === m);

describe('MRR on ChartMogul’s definitions', () => {
  it('normalizes a yearly plan to /12, a weekly one to ×52/12 and a daily one to ×365/12', async () => {
    f = await billingFixture('2026-01-15');
    const yearly = await f.plan({ name: 'Yearly', price: 200_000, interval: 'year' });
    const weekly = await f.plan({ name: 'Weekly', price: 3000, interval: 'week' });
    const daily = await f.plan({ name: 'Day pass club', price: 1000, interval: 'day' });
    const twoMonths = await f.plan({ name: 'Bimonthly', price: 9000, interval: 'month', intervalCount: 2 });
    for (const planId of [yearly, weekly, daily, twoMonths]) {
      await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId });
    }
    // 2,000.00/yr = 166.67; 30.00/wk = 130.00; 10.00/day = 304.17; 90.00 per 2 months = 45.00.
    expect(await mrr('2026-01-15')).toBe(16_667 + 13_000 + 30_417 + 4_500);
    const jan = await month('2026-01');
    expect(jan).toMatchObject({ mrrStart: 0, new: 64_584, mrrEnd: 64_584, customers: 4 });
    const report = await f.t.call(f.owner, 'reports.mrr', YEAR);
    expect(report).toMatchObject({ arr: 64_584 * 12, customers: 4, arpu: 16_146 });
  });

  it('excludes trials and tax, lets a forever coupon reduce MRR and a limited one not', async () => {
    f = await billingFixture('2026-01-10');
    const vat = await f.taxRate('VAT', 2000, true);
    await f.t.call(f.owner, 'coupons.create', {
      code: 'LIFE20',
      kind: 'percent',
      percentBps: 2000,
      duration: 'forever',
    });
    await f.t.call(f.owner, 'coupons.create', {
      code: 'HALFONCE',
      kind: 'percent',
      percentBps: 5000,
      duration: 'once',
    });
    const taxed = await f.plan({ name: 'Taxed', price: 6000, taxRateId: vat });
    const plain = await f.plan({ name: 'Plain', price: 5000 });
    const trial = await f.plan({ name: 'Trial', price: 4000, trialDays: 14 });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: taxed });
    await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: plain,
      couponCode: 'LIFE20',
    });
    await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: plain,
      couponCode: 'HALFONCE',
    });
    const trialing = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: trial,
    });
    expect(trialing.status).toBe('trialing');
    // 60.00 incl. 20% VAT = 50.00; 50.00 − 20% forever = 40.00; the one-off 50% does not count: 50.00.
    expect(await mrr('2026-01-10')).toBe(5000 + 4000 + 5000);
    await f.advancePaying('2026-01-24', '2026-01-25');
    // The trial ended into its first paid period: new MRR of 40.00 on that day.
    expect(await mrr('2026-01-25')).toBe(5000 + 4000 + 5000 + 4000);
    expect(await month('2026-01')).toMatchObject({ new: 18_000, customers: 4 });
  });

  it('counts a downgrade as contraction and an upgrade as expansion, in their months', async () => {
    f = await billingFixture('2026-01-15');
    const big = await f.plan({ name: 'Big', price: 10_000 });
    const small = await f.plan({ name: 'Small', price: 6000 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: big });
    await f.payAll();
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: small, when: 'period_end' });
    expect(await mrr('2026-02-01')).toBe(10_000);
    await f.advancePaying('2026-02-15');
    expect(await mrr('2026-02-15')).toBe(6000);
    await f.advanceTo('2026-03-03');
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: big, when: 'now' });
    await f.payAll();
    expect(await month('2026-01')).toMatchObject({ new: 10_000, mrrEnd: 10_000 });
    expect(await month('2026-02')).toMatchObject({ mrrStart: 10_000, contraction: 4000, mrrEnd: 6000 });
    expect(await month('2026-03')).toMatchObject({ mrrStart: 6000, expansion: 4000, mrrEnd: 10_000 });
  });

  it('counts a cancellation as churn and the member’s return as reactivation, not new business', async () => {
    f = await billingFixture('2026-01-15');
    const plan = await f.plan({ price: 3000 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    await f.payAll();
    await f.advanceTo('2026-02-10');
    await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'Moving away' });
    await f.advanceTo('2026-04-05');
    await f.t.call(f.owner, 'subscriptions.reactivate', { id: sub.id });
    expect(await month('2026-02')).toMatchObject({ churn: 3000, mrrEnd: 0, customers: 0 });
    expect(await month('2026-04')).toMatchObject({ new: 0, reactivation: 3000, mrrEnd: 3000, customers: 1 });
    const members = await f.t.call(f.owner, 'reports.members', YEAR);
    const feb = members.months.find((m) => m.month === '2026-02')!;
    // Stripe: churned ÷ (customers at the start + new) = 1 ÷ (1 + 0).
    expect(feb).toMatchObject({ customersStart: 1, churned: 1, churnRateBps: 10_000 });
    expect(members.cohorts[0]).toEqual({ month: '2026-01', size: 1, retained: expect.any(Array) });
    // January's cohort: 1 in Jan, 0 in Feb and March, back to 1 in April.
    expect(members.cohorts[0]!.retained.slice(0, 4)).toEqual([1, 0, 0, 1]);
    const churned = await f.t.call(f.owner, 'reports.drill', {
      ref: { kind: 'members', from: '2026-02-01', to: '2026-02-28', segment: 'churned' },
    });
    expect(churned.items.map((i) => i.memberId)).toEqual([sub.memberId]);
  });
});

describe('money reports', () => {
  it('shows invoiced, collected, refunds, credit notes and tax per rate, with the records behind them', async () => {
    f = await billingFixture('2026-03-02');
    const vat = await f.taxRate('VAT', 2000, false);
    const plan = await f.plan({ name: 'Taxed', price: 5000, taxRateId: vat });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    await f.payAll(); // 2 × 60.00 in cash
    const payments = await f.t.call(f.owner, 'reports.drill', {
      ref: { kind: 'payments', from: '2026-03-01', to: '2026-03-31', method: 'cash' },
    });
    expect(payments.total).toBe(2);
    await f.t.call(f.owner, 'refunds.create', {
      paymentId: payments.items[0]!.id,
      amount: 1200,
      reason: 'Closed for a week',
      method: 'cash',
    });
    const revenue = await f.t.call(f.owner, 'reports.revenue', {
      from: '2026-03-01',
      to: '2026-03-31',
      groupBy: 'month',
    });
    expect(revenue.totals).toEqual({
      invoiced: 12_000,
      credited: 1200,
      collected: 12_000,
      refunded: 1200,
      net: 10_800,
    });
    expect(revenue.byMethod).toEqual([{ method: 'cash', collected: 12_000, refunded: 1200, payments: 2 }]);
    expect(revenue.byPlan).toEqual([
      { planId: plan, name: 'Taxed', invoiced: 12_000, collected: 12_000, refunded: 1200 },
    ]);

    const tax = await f.t.call(f.owner, 'reports.tax', { from: '2026-03-01', to: '2026-03-31' });
    // The 12.00 credit note is 1/5 of a 60.00 invoice: 10.00 taxable and 2.00 tax come off.
    expect(tax.rows).toEqual([
      {
        month: '2026-03',
        taxRateId: vat,
        name: 'VAT',
        rateBps: 2000,
        taxable: 10_000,
        tax: 2000,
        creditedTaxable: 1000,
        creditedTax: 200,
        netTaxable: 9000,
        netTax: 1800,
      },
    ]);

    const z = await f.t.call(f.owner, 'reports.endOfDay', {
      from: '2026-03-02',
      to: '2026-03-02',
      openingCash: 10_000,
    });
    expect(z.totals).toEqual({ payments: 2, amount: 12_000, refunds: 1, refunded: 1200, net: 10_800 });
    expect(z.cash).toEqual({ opening: 10_000, in: 12_000, out: 1200, expected: 20_800 });
    expect(z.byOperator).toEqual([
      { operatorId: expect.any(Number), name: 'Olga Owner', payments: 2, amount: 12_000, refunded: 1200 },
    ]);
    const invoices = await f.t.call(f.owner, 'reports.drill', {
      ref: { kind: 'invoices', from: '2026-03-01', to: '2026-03-31', planId: plan },
    });
    expect(invoices.items.map((i) => i.amount)).toEqual([6000, 6000]);
  });

  it('ages what members owe into 0–29, 30–59, 60–89 and 90+ day buckets', async () => {
    f = await billingFixture('2026-01-05');
    const plan = await f.plan({ price: 3000 });
    const memberId = await f.member('Dora');
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId, planId: plan });
    await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'period_end', reason: 'Trying it' });
    await f.advanceTo('2026-03-20');
    const r = await f.t.call(f.owner, 'reports.receivables', { from: '2026-01-01', to: '2026-03-20' });
    const due = r.members[0]!;
    expect(r.buckets.total).toBe(due.total);
    expect(due).toMatchObject({ memberId, invoices: 1, total: 3000 });
    // Issued and due Jan 5: 74 days before Mar 20, so all of it sits in the 60–89 bucket.
    expect(due).toMatchObject({ b0: 0, b30: 0, b60: 3000, b90: 0 });
    expect(r.buckets).toEqual({ b0: 0, b30: 0, b60: 3000, b90: 0, total: 3000 });
    const open = await f.t.call(f.owner, 'reports.drill', {
      ref: { kind: 'invoices', from: '2026-01-01', to: '2026-03-20', segment: 'b60' },
    });
    expect(open.items.map((i) => i.amount)).toEqual([3000]);
    const younger = await f.t.call(f.owner, 'reports.drill', {
      ref: { kind: 'invoices', from: '2026-01-01', to: '2026-03-20', segment: 'b30' },
    });
    expect(younger.total).toBe(0);
  });
});

describe('bad input', () => {
  it('refuses an end before the start, a range over 10 years and unknown filters, in plain words', async () => {
    f = await billingFixture('2026-01-05');
    const backwards = await f.t.fail(f.owner, 'reports.revenue', { from: '2026-03-01', to: '2026-02-01' });
    expect(backwards).toMatchObject({
      code: 'VALIDATION',
      fields: { to: 'The end date is before the start date' },
    });
    const long = await f.t.fail(f.owner, 'reports.tax', { from: '2010-01-01', to: '2026-01-01' });
    expect(long).toMatchObject({ code: 'VALIDATION', fields: { to: 'Choose a range of at most 10 years' } });
    const plan = await f.t.fail(f.owner, 'reports.revenue', { ...YEAR, planId: 999 });
    expect(plan).toMatchObject({ code: 'VALIDATION', fields: { planId: 'Unknown plan' } });
    expect(plan.message).toContain('no such plan');
    const op = await f.t.fail(f.owner, 'reports.endOfDay', { ...YEAR, operatorId: 999 });
    expect(op).toMatchObject({ code: 'VALIDATION', fields: { operatorId: 'Unknown operator' } });
    const method = await f.t.fail(f.owner, 'reports.revenue', { ...YEAR, method: 'bitcoin' as never });
    expect(method.code).toBe('VALIDATION');
  });

  it('opens reports to managers and keeps them from front-desk staff', async () => {
    f = await billingFixture('2026-01-05');
    const manager = await signInAs(f.t, f.owner, 'manager');
    expect((await f.t.call(manager, 'reports.tax', YEAR)).rows).toEqual([]);
    const staff = await signInAs(f.t, f.owner, 'staff');
    expect((await f.t.fail(staff, 'reports.dashboard', {})).code).toBe('FORBIDDEN');
    expect((await f.t.fail(staff, 'reports.revenue', YEAR)).code).toBe('FORBIDDEN');
  });
});
