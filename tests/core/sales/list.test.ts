import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../shared/contract';
import { signInAs } from '../../support/core';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

let keys = 0;
const sell = (fx: PaymentsFixture, memberId: number, planId: number) =>
  fx.t.call(fx.owner, 'sales.create', { memberId, planId, requestKey: `list-test-${++keys}` });

describe('sales.list: finding an unpaid sale after the checkout was closed', () => {
  it("lists a member's sales newest first, the open one by status, and a subscription's own", async () => {
    const fx = (f = await paymentsFixture('2026-03-02'));
    const planId = await fx.plan({ name: 'Monthly', price: 3000 });
    const ada = await fx.member('Ada');
    const ben = await fx.member('Ben');
    const first = await sell(fx, ada, planId);
    await fx.t.call(fx.owner, 'sales.cancel', { id: first.id });
    const second = await sell(fx, ada, planId);
    const bens = await sell(fx, ben, planId);

    const all = await fx.t.call(fx.owner, 'sales.list', { memberId: ada });
    expect(all.total).toBe(2);
    expect(all.items.map((s) => [s.id, s.status])).toEqual([
      [second.id, 'open'],
      [first.id, 'canceled'],
    ]);
    const open = await fx.t.call(fx.owner, 'sales.list', { memberId: ada, status: 'open' });
    expect(open).toMatchObject({
      total: 1,
      items: [{ id: second.id, planName: 'Monthly', amountDue: 3000 }],
    });
    expect(open.items[0]!.expiresAt).toBe(second.expiresAt);

    const bySub = await fx.t.call(fx.owner, 'sales.list', { subscriptionId: bens.subscriptionId });
    expect(bySub.items.map((s) => s.id)).toEqual([bens.id]);
    // A subscription of someone else's is no sale of this member's.
    const mismatch = await fx.t.call(fx.owner, 'sales.list', {
      memberId: ada,
      subscriptionId: bens.subscriptionId,
    });
    expect(mismatch).toEqual({ items: [], total: 0 });

    // Paid at the desk, it is no longer open.
    await fx.t.call(fx.owner, 'sales.pay', { saleId: second.id, method: 'cash' });
    expect((await fx.t.call(fx.owner, 'sales.list', { memberId: ada, status: 'open' })).total).toBe(0);
  });

  it('asks for a member or a subscription, names what does not exist, and lets the desk read it', async () => {
    const fx = (f = await paymentsFixture('2026-03-02'));
    const none = await fx.t.fail(fx.owner, 'sales.list', {} as InputOf<'sales.list'>);
    expect(none).toMatchObject({
      code: 'VALIDATION',
      fields: { memberId: 'Choose a member or a subscription' },
    });
    expect((await fx.t.fail(fx.owner, 'sales.list', { memberId: 999 })).code).toBe('NOT_FOUND');
    expect((await fx.t.fail(fx.owner, 'sales.list', { subscriptionId: 999 })).code).toBe('NOT_FOUND');
    expect((await fx.t.fail(null, 'sales.list', { memberId: 1 })).code).toBe('UNAUTHENTICATED');

    const planId = await fx.plan({ name: 'Monthly', price: 3000 });
    const ada = await fx.member('Ada');
    await sell(fx, ada, planId);
    const staff = await signInAs(fx.t, fx.owner, 'staff');
    expect((await fx.t.call(staff, 'sales.list', { memberId: ada, status: 'open' })).total).toBe(1);
  });
});
