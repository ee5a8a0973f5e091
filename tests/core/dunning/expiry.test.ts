import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { signInAs } from '../../support/core';

let f: BillingFixture;
afterEach(() => f?.t.close());

describe('expiry and one-click reactivation', () => {
  it('ends a plan that does not renew at its period end; the desk brings it back in one call', async () => {
    f = await billingFixture('2026-03-02');
    const member = await f.member('Ola');
    const course = await f.plan({
      name: '4-week course',
      interval: 'week',
      intervalCount: 4,
      termEnd: 'expire',
    });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: member,
      planId: course,
      collection: 'manual',
    });
    await f.advancePaying('2026-03-29');
    await f.advanceTo('2026-03-30');
    const ended = await f.t.call(f.owner, 'subscriptions.get', { id: sub.id });
    expect(ended).toMatchObject({ status: 'expired', endedOn: '2026-03-30' });
    // Nothing more was billed: the one period only.
    expect((await f.invoicesOf(sub.id)).map((i) => [i.periodStart, i.periodEnd])).toEqual([
      ['2026-03-02', '2026-03-30'],
    ]);
    const events = await f.t.call(f.owner, 'subscriptions.events', { id: sub.id });
    expect(events.map((e) => e.summary)).toContain('Expired (the plan does not renew)');

    // Front-desk staff reactivate it: one call, active from today with a new period invoiced.
    await f.advanceTo('2026-04-10');
    const desk = await signInAs(f.t, f.owner, 'staff');
    const back = await f.t.call(desk, 'subscriptions.reactivate', { id: sub.id });
    expect(back).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-04-10',
      currentPeriodEnd: '2026-05-08',
    });
    const invoices = await f.invoicesOf(sub.id);
    expect(invoices.at(-1)).toMatchObject({ periodStart: '2026-04-10', total: 3000, status: 'open' });
  });

  it('ends a subscription canceled at period end on that day, not before', async () => {
    f = await billingFixture('2026-03-02');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
      collection: 'manual',
    });
    await f.payAll();
    await f.t.call(f.owner, 'subscriptions.cancel', {
      id: sub.id,
      when: 'period_end',
      reason: 'Moving away',
    });
    await f.advanceTo('2026-04-01');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('active');
    await f.advanceTo('2026-04-02');
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'canceled',
      endedOn: '2026-04-02',
    });
    expect(await f.invoicesOf(sub.id)).toHaveLength(1);
  });
});
