import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';

/**
 * The members report of one plan (`reports.members {planId}`): paying members on that plan, new and
 * returned there, those who left it, and moves between plans shown apart, which are neither new
 * nor churn (README, "MRR of one plan"). The retention cohorts stay the whole business's.
 */
let f: BillingFixture;
afterEach(() => f?.t.close());

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const report = (planId?: number) =>
  f.t.call(f.owner, 'reports.members', { ...YEAR, ...(planId === undefined ? {} : { planId }) });
const drill = (planId: number, segment: 'new' | 'churned' | 'movedIn' | 'movedOut') =>
  f.t.call(f.owner, 'reports.drill', {
    ref: { kind: 'members', from: '2026-03-01', to: '2026-03-31', planId, segment },
  });
const still = { new: 0, reactivated: 0, churned: 0, movedIn: 0, movedOut: 0, churnRateBps: 0 };

describe('members report of one plan', () => {
  it('counts a switch as moved out and moved in, a cancellation as churn and a new member as new', async () => {
    f = await billingFixture('2026-01-10');
    const basic = await f.plan({ name: 'Basic', price: 5000 });
    const premium = await f.plan({ name: 'Premium', price: 8000 });
    const [ana, ben, cleo] = [await f.member('Ana'), await f.member('Ben'), await f.member('Cleo')];
    const anaSub = await f.t.call(f.owner, 'subscriptions.create', { memberId: ana, planId: basic });
    const benSub = await f.t.call(f.owner, 'subscriptions.create', { memberId: ben, planId: basic });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: cleo, planId: premium });
    await f.advancePaying('2026-02-10', '2026-03-10');
    // 10 March: Ana moves up to Premium, Ben leaves, Dan joins Basic.
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: anaSub.id, planId: premium, when: 'now' });
    await f.t.call(f.owner, 'subscriptions.cancel', { id: benSub.id, when: 'now', reason: 'Moving away' });
    const dan = await f.member('Dan');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: dan, planId: basic });
    await f.advancePaying('2026-04-10');

    const b = await report(basic);
    expect(b.months).toEqual([
      { month: '2026-01', customersStart: 0, ...still, new: 2, customersEnd: 2 },
      { month: '2026-02', customersStart: 2, ...still, customersEnd: 2 },
      // Ben left: 1 ÷ (2 at the start + 1 new) = 33.33 %. Ana's move is not churn.
      {
        month: '2026-03',
        customersStart: 2,
        new: 1,
        reactivated: 0,
        churned: 1,
        movedIn: 0,
        movedOut: 1,
        customersEnd: 1,
        churnRateBps: 3333,
      },
      { month: '2026-04', customersStart: 1, ...still, customersEnd: 1 },
    ]);
    // The range: 1 left ÷ (0 at the start + 3 new).
    expect(b.churnRateBps).toBe(3333);
    expect(b.totals).toEqual({ active: 1, trialing: 0, pastDue: 0, paused: 0 });

    const p = await report(premium);
    expect(p.months.find((m) => m.month === '2026-01')).toEqual({
      month: '2026-01',
      customersStart: 0,
      ...still,
      new: 1,
      customersEnd: 1,
    });
    // Ana arrives on Premium as a move, not as a new member, so Premium's churn rate stays 0.
    expect(p.months.find((m) => m.month === '2026-03')).toEqual({
      month: '2026-03',
      customersStart: 1,
      ...still,
      movedIn: 1,
      customersEnd: 2,
    });
    expect(p.churnRateBps).toBe(0);
    expect(p.totals.active).toBe(2);

    // The whole business sees no move: 3 paying, Dan new, Ben gone, 1 ÷ (3 + 1) = 25 %.
    expect((await report()).months.find((m) => m.month === '2026-03')).toEqual({
      month: '2026-03',
      customersStart: 3,
      ...still,
      new: 1,
      churned: 1,
      customersEnd: 3,
      churnRateBps: 2500,
    });

    // The cohorts stay the whole business's (README: a plan's would cost too much on a big history).
    const everyone = await report();
    expect(everyone.cohorts.map((c) => [c.month, c.size, c.retained])).toEqual([
      ['2026-01', 3, [3, 3, 2, 2]],
      ['2026-02', 0, [0, 0, 0]],
      ['2026-03', 1, [1, 1]],
      ['2026-04', 0, [0]],
    ]);
    expect(b.cohorts).toEqual(everyone.cohorts);
    expect(p.cohorts).toEqual(everyone.cohorts);

    // Each figure opens the members behind it.
    const ids = async (planId: number, s: Parameters<typeof drill>[1]) =>
      (await drill(planId, s)).items.map((i) => i.memberId);
    expect(await ids(basic, 'new')).toEqual([dan]);
    expect(await ids(basic, 'churned')).toEqual([ben]);
    expect(await ids(basic, 'movedOut')).toEqual([ana]);
    expect(await ids(premium, 'movedIn')).toEqual([ana]);
  });

  it('counts a member who moved in and then leaves as churn of the new plan only', async () => {
    f = await billingFixture('2026-01-10');
    const basic = await f.plan({ name: 'Basic', price: 5000 });
    const premium = await f.plan({ name: 'Premium', price: 8000 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member('Eve'),
      planId: basic,
    });
    await f.advancePaying('2026-02-10');
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: premium, when: 'now' });
    await f.advancePaying('2026-03-10');
    await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'Too dear' });

    const inMonth = (r: Awaited<ReturnType<typeof report>>, m: string) => r.months.find((x) => x.month === m);
    const [b, p] = [await report(basic), await report(premium)];
    expect(inMonth(b, '2026-02')).toMatchObject({
      customersStart: 1,
      movedOut: 1,
      churned: 0,
      customersEnd: 0,
    });
    expect(inMonth(b, '2026-03')).toMatchObject({ customersStart: 0, churned: 0, customersEnd: 0 });
    expect(inMonth(p, '2026-02')).toMatchObject({ customersStart: 0, new: 0, movedIn: 1, customersEnd: 1 });
    // Left from 1 paying at the start of March: 1 ÷ (1 + 0) = 100 %.
    expect(inMonth(p, '2026-03')).toMatchObject({
      customersStart: 1,
      churned: 1,
      customersEnd: 0,
      churnRateBps: 10_000,
    });
    // Over the range Premium had no one at the start and no one new, but the member who moved in
    // could leave, and did: 1 ÷ (0 + 1 moved in) = 100 %, not a 0 % that hides the loss.
    expect(p.churnRateBps).toBe(10_000);
    expect(b.churnRateBps).toBe(0);
  });

  it('refuses a plan that does not exist, naming it', async () => {
    f = await billingFixture('2026-01-05');
    const e = await f.t.fail(f.owner, 'reports.members', { ...YEAR, planId: 999 });
    expect(e).toMatchObject({ code: 'VALIDATION', fields: { planId: 'Unknown plan' } });
  });
});
