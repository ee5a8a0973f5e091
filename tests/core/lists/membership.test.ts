import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';

let f: BillingFixture;
afterEach(() => f?.t.close());

const membershipOf = async (id: number) => (await f.t.call(f.owner, 'members.get', { id })).membership;

describe("a member's membership follows their subscriptions", () => {
  it('goes none → active → paused → active → expired, with the plan shown', async () => {
    f = await billingFixture('2026-03-02');
    const plan = await f.plan({ name: 'Gold monthly' });
    const ann = await f.member('Ann');
    expect(await membershipOf(ann)).toEqual({ status: 'none', subscriptionId: null, planName: null });

    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: plan });
    expect(await membershipOf(ann)).toEqual({
      status: 'active',
      subscriptionId: sub.id,
      planName: 'Gold monthly',
    });

    await f.t.call(f.owner, 'subscriptions.pause', { id: sub.id, days: 10, reason: 'Holiday' });
    expect((await membershipOf(ann)).status).toBe('paused');
    await f.t.call(f.owner, 'subscriptions.resume', { id: sub.id });
    expect((await membershipOf(ann)).status).toBe('active');

    await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'Moved away' });
    expect(await membershipOf(ann)).toEqual({
      status: 'expired',
      subscriptionId: sub.id,
      planName: 'Gold monthly',
    });
  });

  it('shows a trial as trial, and what is owed before what is fine', async () => {
    f = await billingFixture('2026-03-02');
    const trial = await f.plan({ name: 'Try us', trialDays: 7 });
    const locker = await f.plan({ name: 'Locker', price: 500 });
    const bob = await f.member('Bob');
    const t = await f.t.call(f.owner, 'subscriptions.create', { memberId: bob, planId: trial });
    expect(await membershipOf(bob)).toMatchObject({ status: 'trial', planName: 'Try us' });

    const l = await f.t.call(f.owner, 'subscriptions.create', { memberId: bob, planId: locker });
    // Active beats trialing; past due (money owed) beats both.
    expect(await membershipOf(bob)).toMatchObject({ status: 'active', subscriptionId: l.id });
    // Any writer keeps it right, not only the core's handlers: the triggers run in its transaction.
    f.t.database.sqlite.prepare(`UPDATE subscriptions SET status = 'past_due' WHERE id = ?`).run(t.id);
    expect(await membershipOf(bob)).toMatchObject({
      status: 'past_due',
      subscriptionId: t.id,
      planName: 'Try us',
    });
    f.t.database.sqlite.prepare(`UPDATE subscriptions SET status = 'unpaid' WHERE id = ?`).run(t.id);
    expect((await membershipOf(bob)).status).toBe('past_due');
    // A sale still waiting for its first payment is no membership yet.
    f.t.database.sqlite
      .prepare(`UPDATE subscriptions SET status = 'incomplete' WHERE id IN (?, ?)`)
      .run(t.id, l.id);
    expect(await membershipOf(bob)).toEqual({ status: 'none', subscriptionId: null, planName: null });
  });

  it('filters and counts the members list by membership, within status, tag and search', async () => {
    f = await billingFixture('2026-03-02');
    const plan = await f.plan({ name: 'Monthly' });
    const trial = await f.plan({ name: 'Trial', trialDays: 7 });
    const ids: Record<string, number> = {};
    for (const name of ['Ann', 'Bob', 'Cy', 'Di', 'Ed']) ids[name] = await f.member(name);
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ids.Ann!, planId: plan });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ids.Bob!, planId: plan });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ids.Cy!, planId: trial });
    const di = await f.t.call(f.owner, 'subscriptions.create', { memberId: ids.Di!, planId: plan });
    await f.t.call(f.owner, 'subscriptions.cancel', { id: di.id, when: 'now', reason: 'Left' });
    await f.t.call(f.owner, 'members.update', { id: ids.Bob!, tags: ['VIP'] });
    await f.t.call(f.owner, 'members.update', { id: ids.Ed!, tags: ['VIP'] });
    await f.t.call(f.owner, 'members.archive', { id: ids.Ann! });

    expect(await f.t.call(f.owner, 'members.counts', {})).toEqual({
      all: 4,
      active: 1,
      trial: 1,
      past_due: 0,
      paused: 0,
      expired: 1,
      none: 1,
    });
    expect(await f.t.call(f.owner, 'members.counts', { status: 'all' })).toMatchObject({ all: 5, active: 2 });
    expect(await f.t.call(f.owner, 'members.counts', { tag: 'VIP' })).toMatchObject({
      all: 2,
      active: 1,
      none: 1,
    });
    expect(await f.t.call(f.owner, 'members.counts', { query: 'Cy' })).toMatchObject({ all: 1, trial: 1 });

    const names = async (input: Parameters<typeof f.t.call<'members.list'>>[2]) =>
      (await f.t.call(f.owner, 'members.list', input)).items.map((m) => m.firstName);
    expect(await names({ membership: 'active' })).toEqual(['Bob']);
    expect(await names({ membership: 'active', status: 'all' })).toEqual(['Ann', 'Bob']);
    expect(await names({ membership: 'none', tag: 'VIP' })).toEqual(['Ed']);
    expect(await names({ membership: 'expired', query: 'Di' })).toEqual(['Di']);
    expect(await names({ membership: 'paused' })).toEqual([]);
    const page = await f.t.call(f.owner, 'members.list', { membership: 'trial' });
    expect(page.total).toBe(1);
    expect(page.items[0]!.membership).toMatchObject({ status: 'trial', planName: 'Trial' });
    // The export follows the same filter.
    const csv = await f.t.call(f.owner, 'members.exportCsv', { membership: 'expired' });
    expect(csv.count).toBe(1);
  });

  it('pages a membership filter through its index, not a scan of every member', () => {
    return billingFixture('2026-03-02').then((fx) => {
      f = fx;
      const plan = f.t.database.sqlite
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM members WHERE status = 'active' AND membership = 'paused'
           ORDER BY sort_name, id LIMIT 100`,
        )
        .all() as { detail: string }[];
      const detail = plan.map((p) => p.detail).join(' | ');
      expect(detail).toContain('members_membership_idx');
      expect(detail).not.toContain('TEMP B-TREE');
    });
  });
});
