import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';

let f: BillingFixture;
afterEach(() => f?.t.close());

/** The count the list itself reports for a status: the tab's number must be the list's total. */
async function listTotal<C extends 'invoices.list' | 'payments.list' | 'subscriptions.list'>(
  channel: C,
  input: Record<string, unknown>,
): Promise<number> {
  return ((await f.t.call(f.owner, channel, { ...input, limit: 1 } as never)) as { total: number }).total;
}

describe('tab counts come from the core, one query per list', () => {
  it('counts invoices per status under the same search as the list', async () => {
    f = await billingFixture('2026-03-02');
    const plan = await f.plan();
    const ann = await f.member('Ann');
    const bob = await f.member('Bob');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: plan });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: bob, planId: plan });
    // Bob pays his; a one-off draft for Ann stays a draft.
    const bobs = await f.t.call(f.owner, 'invoices.list', { status: 'open', query: 'Bob', limit: 5 });
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: bobs.items[0]!.id,
      amount: bobs.items[0]!.amountDue,
      method: 'cash',
    });
    await f.t.call(f.owner, 'invoices.createDraft', {
      memberId: ann,
      lines: [{ description: 'Towel', quantity: 1, unitAmount: 500 }],
    });

    const all = await f.t.call(f.owner, 'invoices.counts', {});
    expect(all).toEqual({ all: 3, draft: 1, open: 1, paid: 1, void: 0, uncollectible: 0 });
    const ann$ = await f.t.call(f.owner, 'invoices.counts', { query: 'Ann' });
    expect(ann$).toEqual({ all: 2, draft: 1, open: 1, paid: 0, void: 0, uncollectible: 0 });
    for (const status of ['all', 'draft', 'open', 'paid'] as const) {
      expect(await listTotal('invoices.list', { status, query: 'Ann' })).toBe(ann$[status]);
    }
    expect(await f.t.call(f.owner, 'invoices.counts', { memberId: bob })).toMatchObject({ all: 1, paid: 1 });
  });

  it('counts payments per status, refunded meaning any refund, with method and search', async () => {
    f = await billingFixture('2026-03-02');
    const plan = await f.plan({ price: 4000 });
    const ann = await f.member('Ann');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: plan });
    const [inv] = (await f.t.call(f.owner, 'invoices.list', { status: 'open', limit: 5 })).items;
    const cash = await f.t.call(f.owner, 'payments.record', {
      invoiceId: inv!.id,
      amount: 1500,
      method: 'cash',
    });
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: inv!.id,
      amount: 2500,
      method: 'bank_transfer',
    });
    await f.t.call(f.owner, 'refunds.create', {
      paymentId: cash.id,
      amount: 500,
      reason: 'Goodwill',
      method: 'cash',
    });

    const counts = await f.t.call(f.owner, 'payments.counts', {});
    expect(counts).toEqual({ all: 2, succeeded: 2, pending: 0, failed: 0, requires_action: 0, refunded: 1 });
    for (const status of ['all', 'succeeded', 'refunded'] as const) {
      expect(await listTotal('payments.list', { status })).toBe(counts[status]);
    }
    expect(await f.t.call(f.owner, 'payments.counts', { method: 'cash' })).toMatchObject({
      all: 1,
      refunded: 1,
    });
    // A search through the invoice number needs the join; one through a name does not.
    expect(await f.t.call(f.owner, 'payments.counts', { query: inv!.number! })).toMatchObject({ all: 2 });
    expect(await f.t.call(f.owner, 'payments.counts', { query: 'Nobody' })).toMatchObject({ all: 0 });
  });

  it('counts subscriptions per status and live, by plan', async () => {
    f = await billingFixture('2026-03-02');
    const monthly = await f.plan();
    const trial = await f.plan({ name: 'Trial plan', trialDays: 14 });
    const a = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member('Ann'),
      planId: monthly,
    });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member('Bob'), planId: trial });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member('Cy'), planId: monthly });
    await f.t.call(f.owner, 'subscriptions.cancel', { id: a.id, when: 'now', reason: 'Moved away' });

    const counts = await f.t.call(f.owner, 'subscriptions.counts', {});
    expect(counts).toMatchObject({ all: 3, live: 2, active: 1, trialing: 1, canceled: 1, paused: 0 });
    for (const status of ['all', 'live', 'active', 'trialing', 'canceled'] as const) {
      expect(await listTotal('subscriptions.list', { status })).toBe(counts[status]);
    }
    expect(await f.t.call(f.owner, 'subscriptions.counts', { planId: monthly })).toMatchObject({
      all: 2,
      live: 1,
      canceled: 1,
    });
    expect(await f.t.call(f.owner, 'subscriptions.counts', { query: 'Bob' })).toMatchObject({
      all: 1,
      trialing: 1,
    });
  });

  it('refuses a bad filter with a message, like the list', async () => {
    f = await billingFixture('2026-03-02');
    const e = await f.t.fail(f.owner, 'payments.counts', { method: 'cheque' as never });
    expect(e.code).toBe('VALIDATION');
    const m = await f.t.fail(f.owner, 'members.list', { membership: 'gold' as never });
    expect(m.fields?.membership).toBe(
      'Choose a membership: active, trial, past due, paused, expired or none',
    );
  });
});
