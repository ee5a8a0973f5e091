import { afterEach, describe, expect, it } from 'vitest';
import { billingEvents, invoices, payments, plans, subscriptions } from '../../../db/schema';
import { billingFixture, type BillingFixture } from '../../support/billing';

let f: BillingFixture;
afterEach(() => f?.t.close());

/** Everything billing writes, to prove a refused call changed nothing. */
const snapshot = (fx: BillingFixture) => {
  const db = fx.t.database.db;
  return JSON.stringify([
    db.select().from(plans).all(),
    db.select().from(subscriptions).all(),
    db.select().from(invoices).all(),
    db.select().from(payments).all(),
    db.select().from(billingEvents).all().length,
  ]);
};

describe('bad input is refused with a clear message and no change', () => {
  it('refuses negative or fractional minor units, unknown currencies and zero-length intervals', async () => {
    f = await billingFixture();
    const base = { name: 'X', price: 1000, currency: 'USD', interval: 'month' as const, intervalCount: 1 };
    const before = snapshot(f);
    expect((await f.t.fail(f.owner, 'plans.create', { ...base, price: -100 })).fields).toEqual({
      price: 'Price cannot be negative',
    });
    expect((await f.t.fail(f.owner, 'plans.create', { ...base, price: 10.5 })).fields).toEqual({
      price: 'Price must be in whole cents (minor units)',
    });
    expect(
      (await f.t.fail(f.owner, 'plans.create', { ...base, currency: 'XQQ' })).fields?.currency,
    ).toContain('ISO code');
    expect((await f.t.fail(f.owner, 'plans.create', { ...base, currency: 'EUR' })).fields).toEqual({
      currency: 'Use USD',
    });
    expect((await f.t.fail(f.owner, 'plans.create', { ...base, intervalCount: 0 })).fields).toEqual({
      intervalCount: 'Bill at least every 1 interval',
    });
    expect(
      (await f.t.fail(f.owner, 'plans.create', { ...base, interval: 'fortnight' as 'week' })).fields
        ?.interval,
    ).toBe('Choose day, week, month or year');
    expect(snapshot(f)).toBe(before);
  });

  it('refuses an expired or used-up coupon', async () => {
    f = await billingFixture('2026-03-10');
    const plan = await f.plan();
    await f.t.call(f.owner, 'coupons.create', {
      code: 'OLD',
      kind: 'percent',
      percentBps: 1000,
      duration: 'once',
      expiresOn: '2026-03-09',
    });
    await f.t.call(f.owner, 'coupons.create', {
      code: 'ONE',
      kind: 'fixed',
      amountOff: 500,
      duration: 'once',
      maxRedemptions: 1,
    });
    const m1 = await f.member();
    const m2 = await f.member();
    const before = snapshot(f);
    const expired = await f.t.fail(f.owner, 'subscriptions.create', {
      memberId: m1,
      planId: plan,
      couponCode: 'old',
    });
    expect(expired).toMatchObject({
      code: 'VALIDATION',
      message: 'Coupon OLD expired on 2026-03-09.',
      fields: { couponCode: 'Coupon OLD expired on 2026-03-09.' },
    });
    expect(snapshot(f)).toBe(before);
    await f.t.call(f.owner, 'subscriptions.create', { memberId: m1, planId: plan, couponCode: 'ONE' });
    const usedUp = await f.t.fail(f.owner, 'subscriptions.create', {
      memberId: m2,
      planId: plan,
      couponCode: 'ONE',
    });
    expect(usedUp.message).toBe('Coupon ONE has been used up (1 times).');
    expect(
      (await f.t.fail(f.owner, 'subscriptions.create', { memberId: m2, planId: plan, couponCode: 'NOPE' }))
        .message,
    ).toBe('There is no coupon NOPE.');
  });

  it('refuses a change to a canceled subscription and a second live subscription to the same plan', async () => {
    f = await billingFixture();
    const plan = await f.plan();
    const other = await f.plan({ name: 'Other' });
    const member = await f.member();
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: plan });
    expect(
      (await f.t.fail(f.owner, 'subscriptions.create', { memberId: member, planId: plan })).message,
    ).toBe('This member already has a live subscription to this plan.');
    await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'Leaving' });
    const before = snapshot(f);
    expect(
      (await f.t.fail(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: other, when: 'now' }))
        .message,
    ).toBe('This subscription is canceled; reactivate it before changing its plan.');
    expect((await f.t.fail(f.owner, 'subscriptions.pause', { id: sub.id, days: 3, reason: 'x' })).code).toBe(
      'CONFLICT',
    );
    expect(
      (await f.t.fail(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'again' })).message,
    ).toBe('This subscription is already canceled.');
    expect(snapshot(f)).toBe(before);
  });

  it('refuses to pay a void invoice and to edit a finalized one', async () => {
    f = await billingFixture();
    const member = await f.member();
    const draft = await f.t.call(f.owner, 'invoices.createDraft', {
      memberId: member,
      lines: [{ description: 'Water bottle', quantity: 1, unitAmount: 1299 }],
    });
    await f.t.call(f.owner, 'invoices.updateDraft', {
      id: draft.id,
      lines: [{ description: 'Water bottle', quantity: 2, unitAmount: 1299 }],
    });
    const open = await f.t.call(f.owner, 'invoices.finalize', { id: draft.id });
    expect(open).toMatchObject({
      status: 'open',
      number: 'INV-00001',
      total: 2598,
      issueDate: '2026-03-02',
      dueDate: '2026-03-09',
    });
    expect(open.member).toMatchObject({ name: 'Member1 Tester', number: 'M-00001' });
    expect(open.business).toMatchObject({ name: 'Iron & Oak Fitness' });
    const edit = await f.t.fail(f.owner, 'invoices.updateDraft', {
      id: draft.id,
      lines: [{ description: 'Cheaper', quantity: 1, unitAmount: 1 }],
    });
    expect(edit.message).toBe(
      'This invoice is finalized and cannot change. Issue a credit note or void it instead.',
    );
    const voided = await f.t.call(f.owner, 'invoices.void', { id: draft.id, reason: 'Entered twice' });
    expect(voided).toMatchObject({ status: 'void', amountDue: 0 });
    const before = snapshot(f);
    const pay = await f.t.fail(f.owner, 'payments.record', {
      invoiceId: draft.id,
      amount: 2598,
      method: 'cash',
    });
    expect(pay).toMatchObject({ code: 'CONFLICT', message: 'This invoice is void and cannot be paid.' });
    expect((await f.t.fail(f.owner, 'invoices.void', { id: draft.id, reason: 'again' })).message).toBe(
      'This invoice is void and cannot change.',
    );
    expect(snapshot(f)).toBe(before);
  });

  it('refuses to void an invoice with money on it, but can write it off; a later payment still settles it', async () => {
    f = await billingFixture();
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
    });
    const [inv] = await f.invoicesOf(sub.id);
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: inv!.id as number,
      amount: 1000,
      method: 'cash',
    });
    expect((await f.t.fail(f.owner, 'invoices.void', { id: inv!.id as number, reason: 'x' })).message).toBe(
      'Money was paid on this invoice. Refund it first, or issue a credit note.',
    );
    const written = await f.t.call(f.owner, 'invoices.markUncollectible', {
      id: inv!.id as number,
      reason: 'Member moved away',
    });
    expect(written).toMatchObject({ status: 'uncollectible', amountDue: 0 });
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: inv!.id as number,
      amount: 2000,
      method: 'bank_transfer',
    });
    expect(await f.t.call(f.owner, 'invoices.get', { id: inv!.id as number })).toMatchObject({
      status: 'paid',
      amountPaid: 3000,
    });
  });

  it('an update changes only what it is sent: renaming a plan keeps its trial, grace, fee and policy', async () => {
    f = await billingFixture('2026-03-01');
    const plan = await f.plan({
      trialDays: 10,
      graceDays: 14,
      setupFee: 1500,
      features: ['Sauna'],
      termEnd: 'expire',
      refundPolicy: 'prorated',
      pausable: false,
    });
    const renamed = await f.t.call(f.owner, 'plans.update', { id: plan, name: 'Monthly Plus' });
    expect(renamed).toMatchObject({
      name: 'Monthly Plus',
      trialDays: 10,
      graceDays: 14,
      setupFee: 1500,
      features: ['Sauna'],
      termEnd: 'expire',
      refundPolicy: 'prorated',
      pausable: false,
    });
    const member = await f.member();
    await f.t.call(f.owner, 'members.update', { id: member, firstName: 'Renamed' });
    expect(await f.t.call(f.owner, 'members.get', { id: member })).toMatchObject({ firstName: 'Renamed' });
  });

  it('asks whether a price change applies to existing subscriptions, and applies it from their next renewal', async () => {
    f = await billingFixture('2026-03-01');
    const plan = await f.plan();
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    const ask = await f.t.fail(f.owner, 'plans.update', { id: plan, price: 3500 });
    expect(ask).toMatchObject({ code: 'VALIDATION', fields: { applyPriceTo: expect.any(String) } });
    expect((await f.t.fail(f.owner, 'plans.update', { id: plan, interval: 'week' })).code).toBe('CONFLICT');
    await f.t.call(f.owner, 'plans.update', { id: plan, price: 3500, applyPriceTo: 'existing_too' });
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).price).toBe(3500);
    await f.advancePaying('2026-04-01');
    expect((await f.invoicesOf(sub.id)).map((i) => i.total)).toEqual([3000, 3500]);
    // New-only leaves existing subscribers on their price.
    await f.t.call(f.owner, 'plans.update', { id: plan, price: 4000, applyPriceTo: 'new_only' });
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).price).toBe(3500);
    const archived = await f.t.call(f.owner, 'plans.archive', { id: plan });
    expect(archived).toMatchObject({ status: 'archived', liveSubscriptions: 1 });
    expect(
      (await f.t.fail(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan })).message,
    ).toBe('Monthly is archived and takes no new subscribers.');
  });
});

describe('terms and trials', () => {
  it('holds a minimum term, then expires at its end when the plan says so', async () => {
    f = await billingFixture('2026-01-01');
    const plan = await f.plan({ minimumTermCycles: 3, termEnd: 'expire' });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    const early = await f.t.fail(f.owner, 'subscriptions.cancel', {
      id: sub.id,
      when: 'now',
      reason: 'Bored',
    });
    expect(early.message).toBe(
      'Monthly has a minimum term of 3 billing periods and 2 more must be billed before it can end.',
    );
    await f.advancePaying('2026-02-01', '2026-03-01', '2026-04-01');
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'expired',
      endedOn: '2026-04-01',
      cyclesBilled: 3,
    });
    expect((await f.invoicesOf(sub.id)).map((i) => i.periodStart)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
  });

  it('extends a trial and moves the first invoice with it', async () => {
    f = await billingFixture('2026-03-02');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ trialDays: 7 }),
    });
    const preview = await f.t.call(f.owner, 'subscriptions.preview', {
      action: 'extendTrial',
      id: sub.id,
      days: 5,
    });
    expect(preview.summary).toBe('The trial now ends on 2026-03-14; the first invoice moves with it.');
    await f.t.call(f.owner, 'subscriptions.extendTrial', { id: sub.id, days: 5 });
    await f.advanceTo('2026-03-09');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('trialing');
    await f.advanceTo('2026-03-14');
    expect((await f.invoicesOf(sub.id)).map((i) => `${i.periodStart}→${i.periodEnd}`)).toEqual([
      '2026-03-14→2026-04-14',
    ]);
  });

  it('lets front-desk staff start and pause subscriptions and take payments, but not cancel or change plans', async () => {
    f = await billingFixture();
    const { signInAs } = await import('../../support/core');
    const staff = await signInAs(f.t, f.owner, 'staff');
    const plan = await f.plan();
    const other = await f.plan({ name: 'Other' });
    const sub = await f.t.call(staff, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    const [inv] = await f.invoicesOf(sub.id);
    await f.t.call(staff, 'payments.record', {
      invoiceId: inv!.id as number,
      amount: 3000,
      method: 'card_terminal',
    });
    await f.t.call(staff, 'subscriptions.pause', { id: sub.id, days: 7, reason: 'Injury' });
    expect(
      (await f.t.fail(staff, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'x' })).code,
    ).toBe('FORBIDDEN');
    expect((await f.t.fail(staff, 'subscriptions.changePlan', { id: sub.id, planId: other })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (
        await f.t.fail(staff, 'plans.create', {
          name: 'Y',
          price: 1,
          currency: 'USD',
          interval: 'day',
          intervalCount: 1,
        })
      ).code,
    ).toBe('FORBIDDEN');
  });
});
