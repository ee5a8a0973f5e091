import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';

/**
 * MRR filtered by plan (ChartMogul's plan filter): a plan's MRR is that of its live subscriptions;
 * its movements are each member's on that plan, and a live subscription changing plans is moved out
 * of the old plan and moved into the new one.
 */
let f: BillingFixture;
afterEach(() => f?.t.close());

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const report = (planId?: number, range: { from: string; to: string } = YEAR) =>
  f.t.call(f.owner, 'reports.mrr', { ...range, ...(planId === undefined ? {} : { planId }) });
const month = async (m: string, planId?: number) => (await report(planId)).months.find((x) => x.month === m);
const drill = (planId: number, segment: 'movedIn' | 'movedOut' | 'churned', m: string) =>
  f.t.call(f.owner, 'reports.drill', {
    ref: { kind: 'members', from: `${m}-01`, to: `${m}-28`, planId, segment },
  });

describe('MRR of one plan', () => {
  it('shows an upgrade mid-year as moved out of the old plan and moved into the new one', async () => {
    f = await billingFixture('2026-01-15');
    const basic = await f.plan({ name: 'Basic', price: 5000 });
    const premium = await f.plan({ name: 'Premium', price: 8000 });
    const ana = await f.member('Ana');
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: ana, planId: basic });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member('Ben'), planId: premium });
    await f.advancePaying('2026-02-15', '2026-03-15', '2026-04-15', '2026-05-15', '2026-06-10');
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: premium, when: 'now' });
    await f.payAll();

    expect(await month('2026-01', basic)).toMatchObject({ new: 5000, mrrEnd: 5000, customers: 1 });
    expect(await month('2026-06', basic)).toEqual({
      month: '2026-06',
      mrrStart: 5000,
      new: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
      movedIn: 0,
      movedOut: 5000,
      mrrEnd: 0,
      customers: 0,
    });
    expect(await month('2026-01', premium)).toMatchObject({ new: 8000, mrrEnd: 8000, customers: 1 });
    expect(await month('2026-06', premium)).toMatchObject({
      mrrStart: 8000,
      new: 0,
      expansion: 0,
      movedIn: 8000,
      movedOut: 0,
      mrrEnd: 16_000,
      customers: 2,
    });
    // The whole business sees Ana's 50.00 → 80.00 as expansion; nothing moves between plans there.
    expect(await month('2026-06')).toMatchObject({
      mrrStart: 13_000,
      expansion: 3000,
      movedIn: 0,
      movedOut: 0,
      mrrEnd: 16_000,
    });
    expect(await report(basic)).toMatchObject({ mrr: 0, customers: 0, arpu: 0 });
    expect(await report(premium)).toMatchObject({ mrr: 16_000, arr: 192_000, customers: 2, arpu: 8000 });
    // The day before the change, from the ledger of June's changes up to that day.
    const june9 = { from: '2026-06-01', to: '2026-06-09' };
    expect(await report(basic, june9)).toMatchObject({ mrr: 5000, customers: 1 });
    expect(await report(premium, june9)).toMatchObject({ mrr: 8000, customers: 1 });

    const out = await drill(basic, 'movedOut', '2026-06');
    expect(out.items.map((i) => [i.memberId, i.amount])).toEqual([[ana, -5000]]);
    const into = await drill(premium, 'movedIn', '2026-06');
    expect(into.items.map((i) => [i.memberId, i.amount])).toEqual([[ana, 8000]]);
  });

  it('moves MRR between plans at the same MRR, which the whole business does not see', async () => {
    f = await billingFixture('2026-01-15');
    const monthly = await f.plan({ name: 'Monthly', price: 10_000 });
    const annual = await f.plan({ name: 'Annual', price: 120_000, interval: 'year' });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: monthly,
    });
    await f.payAll();
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: annual, when: 'period_end' });
    await f.advancePaying('2026-02-15');

    expect(await month('2026-02', monthly)).toMatchObject({ mrrStart: 10_000, movedOut: 10_000, mrrEnd: 0 });
    // 1,200.00 a year is 100.00 a month, the same as before.
    expect(await month('2026-02', annual)).toMatchObject({
      mrrStart: 0,
      new: 0,
      movedIn: 10_000,
      mrrEnd: 10_000,
    });
    expect(await month('2026-02')).toMatchObject({
      mrrStart: 10_000,
      expansion: 0,
      contraction: 0,
      mrrEnd: 10_000,
    });
  });

  it('counts a yearly plan at a twelfth of its price and churn within a plan as that plan’s churn', async () => {
    f = await billingFixture('2026-01-10');
    const yearly = await f.plan({ name: 'Yearly', price: 200_000, interval: 'year' });
    const monthly = await f.plan({ name: 'Monthly', price: 3000 });
    const cora = await f.member('Cora');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: cora, planId: yearly });
    const extra = await f.t.call(f.owner, 'subscriptions.create', { memberId: cora, planId: monthly });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member('Dan'), planId: monthly });
    await f.advancePaying('2026-02-10', '2026-03-10');
    await f.t.call(f.owner, 'subscriptions.cancel', { id: extra.id, when: 'now', reason: 'Too much' });

    // 2,000.00 a year = 166.67 a month.
    expect(await month('2026-01', yearly)).toMatchObject({ new: 16_667, mrrEnd: 16_667, customers: 1 });
    expect(await month('2026-03', yearly)).toMatchObject({ mrrStart: 16_667, churn: 0, mrrEnd: 16_667 });
    expect(await month('2026-01', monthly)).toMatchObject({ new: 6000, mrrEnd: 6000, customers: 2 });
    // Cora leaves Monthly: churn on that plan, though she keeps paying for Yearly…
    expect(await month('2026-03', monthly)).toMatchObject({
      mrrStart: 6000,
      churn: 3000,
      contraction: 0,
      movedOut: 0,
      mrrEnd: 3000,
      customers: 1,
    });
    const churned = await drill(monthly, 'churned', '2026-03');
    expect(churned.items.map((i) => [i.memberId, i.amount])).toEqual([[cora, -3000]]);
    // …so the whole business sees contraction, not churn.
    expect(await month('2026-03')).toMatchObject({
      churn: 0,
      contraction: 3000,
      mrrEnd: 19_667,
      customers: 2,
    });
    const [y, m, all] = [await report(yearly), await report(monthly), await report()];
    expect([y.mrr, m.mrr, all.mrr]).toEqual([16_667, 3000, 19_667]);
    expect([y.customers, m.customers, all.customers]).toEqual([1, 1, 2]);
  });

  it('refuses a plan that does not exist, naming it', async () => {
    f = await billingFixture('2026-01-05');
    const e = await f.t.fail(f.owner, 'reports.mrr', { ...YEAR, planId: 999 });
    expect(e).toMatchObject({ code: 'VALIDATION', fields: { planId: 'Unknown plan' } });
    expect(e.message).toBe('There is no such plan: choose one from the list.');
  });
});
