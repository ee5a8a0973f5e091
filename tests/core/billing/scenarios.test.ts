import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';

let f: BillingFixture;
afterEach(() => f?.t.close());

const periods = (invoices: Array<{ periodStart: string | null; periodEnd: string | null }>) =>
  invoices.map((i) => `${i.periodStart}→${i.periodEnd}`);

describe('periods come from the anchor, clamped to month end', () => {
  it('bills Jan 31 → Feb 28 → Mar 31 → Apr 30 → May 31, each period once', async () => {
    f = await billingFixture('2026-01-31');
    const plan = await f.plan();
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    expect(sub).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-01-31',
      currentPeriodEnd: '2026-02-28',
    });
    await f.advancePaying('2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31');
    const invoices = await f.invoicesOf(sub.id);
    expect(periods(invoices)).toEqual([
      '2026-01-31→2026-02-28',
      '2026-02-28→2026-03-31',
      '2026-03-31→2026-04-30',
      '2026-04-30→2026-05-31',
      '2026-05-31→2026-06-30',
    ]);
    expect(invoices.every((i) => i.total === 3000)).toBe(true);
    // Running again changes nothing: no period is billed twice.
    await f.t.core.scheduler.runDue();
    expect(await f.invoicesOf(sub.id)).toHaveLength(5);
  });

  it('clamps to Feb 29 in a leap year and comes back to the 31st', async () => {
    f = await billingFixture('2028-01-31');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
    });
    await f.advancePaying('2028-02-29', '2028-03-31');
    expect(periods(await f.invoicesOf(sub.id))).toEqual([
      '2028-01-31→2028-02-29',
      '2028-02-29→2028-03-31',
      '2028-03-31→2028-04-30',
    ]);
  });

  it('aligns to a billing day with a prorated first period', async () => {
    f = await billingFixture('2026-03-10');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
      billingDay: 1,
    });
    expect(sub).toMatchObject({ currentPeriodStart: '2026-03-10', currentPeriodEnd: '2026-04-01' });
    await f.advancePaying('2026-04-01');
    const [first, second] = await f.invoicesOf(sub.id);
    // 22 of March's 31 days of 30.00 = 21.29 (half-up of 21.2903…).
    expect(first).toMatchObject({ total: 2129, periodStart: '2026-03-10', periodEnd: '2026-04-01' });
    expect(second).toMatchObject({ total: 3000, periodStart: '2026-04-01', periodEnd: '2026-05-01' });
  });
});

describe('plan changes', () => {
  it("matches Stripe's documented upgrade: $10 → $20 halfway through 30 days is −$5.00 and +$10.00", async () => {
    f = await billingFixture('2026-04-01');
    const basic = await f.plan({ name: 'Basic', price: 1000 });
    const pro = await f.plan({ name: 'Pro', price: 2000 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: basic,
    });
    await f.advancePaying('2026-04-16');
    const preview = await f.t.call(f.owner, 'subscriptions.preview', {
      action: 'changePlan',
      id: sub.id,
      planId: pro,
      when: 'now',
    });
    expect(preview.lines.map((l) => [l.description, l.total])).toEqual([
      ['Unused time on Basic (15 of 30 days)', -500],
      ['Remaining time on Pro (15 of 30 days)', 1000],
    ]);
    expect(preview).toMatchObject({ total: 500, amountDue: 500, balanceCredit: 0 });
    // The preview changed nothing.
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).planName).toBe('Basic');

    const changed = await f.t.call(f.owner, 'subscriptions.changePlan', {
      id: sub.id,
      planId: pro,
      when: 'now',
    });
    expect(changed).toMatchObject({ planName: 'Pro', price: 2000, currentPeriodEnd: '2026-05-01' });
    const invoices = await f.invoicesOf(sub.id);
    expect(invoices.map((i) => i.total)).toEqual([1000, 500]);
    await f.advancePaying('2026-05-01');
    expect((await f.invoicesOf(sub.id)).at(-1)).toMatchObject({ total: 2000, periodStart: '2026-05-01' });
  });

  it('downgrades now with the unused difference credited to the balance and used on the next invoice', async () => {
    f = await billingFixture('2026-04-01');
    const pro = await f.plan({ name: 'Pro', price: 2000 });
    const basic = await f.plan({ name: 'Basic', price: 1000 });
    const member = await f.member();
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: pro });
    await f.advancePaying('2026-04-16');
    const preview = await f.t.call(f.owner, 'subscriptions.preview', {
      action: 'changePlan',
      id: sub.id,
      planId: basic,
      when: 'now',
    });
    expect(preview).toMatchObject({ total: 0, balanceCredit: 500, lines: [] });
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: basic, when: 'now' });
    expect((await f.t.call(f.owner, 'billing.memberSummary', { memberId: member })).balance).toBe(500);
    await f.advanceTo('2026-05-01');
    const renewal = (await f.invoicesOf(sub.id)).at(-1)!;
    expect(renewal).toMatchObject({ total: 1000, status: 'open' });
    const detail = await f.t.call(f.owner, 'invoices.get', { id: renewal.id as number });
    expect(detail).toMatchObject({ balanceApplied: 500, amountDue: 500 });
    expect((await f.t.call(f.owner, 'billing.memberSummary', { memberId: member })).balance).toBe(0);
  });

  it('moves to a plan with another interval at the period end, never mid-period', async () => {
    f = await billingFixture('2026-04-01');
    const monthly = await f.plan({ name: 'Monthly', price: 3000 });
    const annual = await f.plan({ name: 'Annual', price: 30000, interval: 'year' });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: monthly,
    });
    const e = await f.t.fail(f.owner, 'subscriptions.changePlan', {
      id: sub.id,
      planId: annual,
      when: 'now',
    });
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message:
        'Annual bills on a different interval, so the change takes effect at the period end (2026-05-01).',
    });
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: annual, when: 'period_end' });
    await f.advancePaying('2026-05-01');
    expect(periods(await f.invoicesOf(sub.id))).toEqual(['2026-04-01→2026-05-01', '2026-05-01→2027-05-01']);
  });

  it('downgrades at period end by default', async () => {
    f = await billingFixture('2026-04-01');
    const pro = await f.plan({ name: 'Pro', price: 2000 });
    const basic = await f.plan({ name: 'Basic', price: 1000 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: pro });
    const scheduled = await f.t.call(f.owner, 'subscriptions.changePlan', { id: sub.id, planId: basic });
    expect(scheduled).toMatchObject({ planName: 'Pro', pendingPlan: { name: 'Basic' } });
    await f.advancePaying('2026-05-01');
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      planName: 'Basic',
      pendingPlan: null,
    });
    expect((await f.invoicesOf(sub.id)).map((i) => i.total)).toEqual([2000, 1000]);
  });
});

describe('trials, coupons and tax', () => {
  it('turns a 14-day trial into its first invoice, with the setup fee', async () => {
    f = await billingFixture('2026-03-02');
    const plan = await f.plan({ trialDays: 14, setupFee: 2500 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    expect(sub).toMatchObject({ status: 'trialing', trialEnd: '2026-03-16', currentPeriodEnd: '2026-03-16' });
    expect(await f.invoicesOf(sub.id)).toEqual([]);
    await f.advanceTo('2026-03-15');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('trialing');
    await f.advanceTo('2026-03-16');
    const after = await f.t.call(f.owner, 'subscriptions.get', { id: sub.id });
    expect(after).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-03-16',
      currentPeriodEnd: '2026-04-16',
    });
    const [first] = await f.invoicesOf(sub.id);
    const detail = await f.t.call(f.owner, 'invoices.get', { id: first!.id as number });
    expect(detail.lines.map((l) => [l.kind, l.total])).toEqual([
      ['plan', 3000],
      ['setup_fee', 2500],
    ]);
    expect(detail).toMatchObject({
      total: 5500,
      issueDate: '2026-03-16',
      dueDate: '2026-03-23',
      status: 'open',
    });
  });

  it('lets an automatic-collection trial expire when there is no way to pay', async () => {
    f = await billingFixture('2026-03-02');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ trialDays: 7 }),
      collection: 'automatic',
    });
    await f.advanceTo('2026-03-09');
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'expired',
      endedOn: '2026-03-09',
    });
    expect(await f.invoicesOf(sub.id)).toEqual([]);
  });

  it('discounts exactly 3 cycles with a repeating coupon', async () => {
    f = await billingFixture('2026-03-01');
    await f.t.call(f.owner, 'coupons.create', {
      code: 'spring20',
      kind: 'percent',
      percentBps: 2000,
      duration: 'repeating',
      durationCycles: 3,
    });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
      couponCode: 'SPRING20',
    });
    expect(sub.couponCode).toBe('SPRING20');
    await f.advancePaying('2026-04-01', '2026-05-01', '2026-06-01');
    const invoices = await f.invoicesOf(sub.id);
    expect(invoices.map((i) => i.total)).toEqual([2400, 2400, 2400, 3000]);
    const coupons = await f.t.call(f.owner, 'coupons.list', {});
    expect(coupons[0]).toMatchObject({ code: 'SPRING20', redemptions: 1 });
  });

  it('takes 20% inclusive tax out of 12.00: net 10.00, tax 2.00', async () => {
    f = await billingFixture();
    const vat = await f.taxRate('VAT', 2000, true);
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ price: 1200, taxRateId: vat }),
    });
    const detail = await f.t.call(f.owner, 'invoices.get', {
      id: (await f.invoicesOf(sub.id))[0]!.id as number,
    });
    expect(detail).toMatchObject({ subtotal: 1200, taxTotal: 200, total: 1200 });
    expect(detail.taxBreakdown).toEqual([
      { name: 'VAT', rateBps: 2000, inclusive: true, taxable: 1000, tax: 200 },
    ]);
  });

  it('adds 8.25% exclusive tax on 29.99: tax 2.47, total 32.46', async () => {
    f = await billingFixture();
    const tax = await f.taxRate('Sales tax', 825, false);
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ price: 2999, taxRateId: tax }),
    });
    const detail = await f.t.call(f.owner, 'invoices.get', {
      id: (await f.invoicesOf(sub.id))[0]!.id as number,
    });
    expect(detail).toMatchObject({ subtotal: 2999, taxTotal: 247, total: 3246 });
    expect(detail.lines[0]).toMatchObject({
      taxName: 'Sales tax',
      taxRateBps: 825,
      taxAmount: 247,
      total: 3246,
    });
  });

  it('applies a coupon before tax', async () => {
    f = await billingFixture();
    const tax = await f.taxRate('Sales tax', 1000, false);
    await f.t.call(f.owner, 'coupons.create', {
      code: 'TENOFF',
      kind: 'fixed',
      amountOff: 1000,
      duration: 'once',
    });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ price: 5000, taxRateId: tax }),
      couponCode: 'tenoff',
    });
    const detail = await f.t.call(f.owner, 'invoices.get', {
      id: (await f.invoicesOf(sub.id))[0]!.id as number,
    });
    // (50.00 − 10.00) + 10% = 44.00
    expect(detail).toMatchObject({ subtotal: 5000, discountTotal: 1000, taxTotal: 400, total: 4400 });
  });
});

describe('pause and cancel', () => {
  it('pauses for 10 days and moves the renewal by 10 days', async () => {
    f = await billingFixture('2026-03-01');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
    });
    await f.advancePaying('2026-03-10');
    const preview = await f.t.call(f.owner, 'subscriptions.preview', {
      action: 'pause',
      id: sub.id,
      days: 10,
    });
    expect(preview.summary).toBe(
      'No billing until 2026-03-20; the renewal moves from 2026-04-01 to 2026-04-11.',
    );
    const paused = await f.t.call(f.owner, 'subscriptions.pause', {
      id: sub.id,
      days: 10,
      reason: 'Holiday',
    });
    expect(paused).toMatchObject({
      status: 'paused',
      pausedOn: '2026-03-10',
      resumeOn: '2026-03-20',
      pauseReason: 'Holiday',
    });
    await f.advanceTo('2026-04-01');
    const resumed = await f.t.call(f.owner, 'subscriptions.get', { id: sub.id });
    expect(resumed).toMatchObject({ status: 'active', currentPeriodEnd: '2026-04-11', resumeOn: null });
    expect(await f.invoicesOf(sub.id)).toHaveLength(1);
    await f.advancePaying('2026-04-11', '2026-05-11');
    expect(periods(await f.invoicesOf(sub.id))).toEqual([
      '2026-03-01→2026-04-01',
      '2026-04-11→2026-05-11',
      '2026-05-11→2026-06-11',
    ]);
  });

  it('refuses to pause a plan that does not allow it', async () => {
    f = await billingFixture();
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ pausable: false }),
    });
    const e = await f.t.fail(f.owner, 'subscriptions.pause', { id: sub.id, days: 5, reason: 'Trip' });
    expect(e).toMatchObject({ code: 'CONFLICT', message: 'Monthly does not allow pausing.' });
  });

  it('cancels now with a prorated refund as a credit note to the balance', async () => {
    f = await billingFixture('2026-03-01');
    const member = await f.member();
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: member,
      planId: await f.plan({ refundPolicy: 'prorated' }),
    });
    const [invoice] = await f.invoicesOf(sub.id);
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: invoice!.id as number,
      amount: 3000,
      method: 'cash',
    });
    await f.advanceTo('2026-03-11');
    const preview = await f.t.call(f.owner, 'subscriptions.preview', {
      action: 'cancel',
      id: sub.id,
      when: 'now',
    });
    // 21 unused of 31 days of 30.00 = 20.32.
    expect(preview).toMatchObject({ balanceCredit: 2032, status: 'canceled', nextBillingDate: null });
    const canceled = await f.t.call(f.owner, 'subscriptions.cancel', {
      id: sub.id,
      when: 'now',
      reason: 'Moved away',
    });
    expect(canceled).toMatchObject({ status: 'canceled', endedOn: '2026-03-11', cancelReason: 'Moved away' });
    const notes = await f.t.call(f.owner, 'creditNotes.list', { memberId: member });
    expect(notes).toEqual([
      expect.objectContaining({ number: 'CN-00001', amount: 2032, destination: 'balance' }),
    ]);
    expect((await f.t.call(f.owner, 'billing.memberSummary', { memberId: member })).balance).toBe(2032);
    await f.advanceTo('2026-05-01');
    expect(await f.invoicesOf(sub.id)).toHaveLength(1);
  });

  it('cancels now with a full refund within the policy window, and none after it', async () => {
    f = await billingFixture('2026-03-01');
    const plan = await f.plan({ refundPolicy: 'full_within_days', refundDays: 7 });
    const a = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member('Ann'),
      planId: plan,
    });
    const b = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member('Ben'),
      planId: plan,
    });
    await f.advanceTo('2026-03-05');
    expect(
      (await f.t.call(f.owner, 'subscriptions.preview', { action: 'cancel', id: a.id, when: 'now' }))
        .balanceCredit,
    ).toBe(3000);
    await f.t.call(f.owner, 'subscriptions.cancel', { id: a.id, when: 'now', reason: 'Changed mind' });
    // Ann had not paid: the credit settles her open invoice instead of going to her balance.
    const [annInvoice] = await f.invoicesOf(a.id);
    expect(annInvoice).toMatchObject({ status: 'paid' });
    await f.advanceTo('2026-03-12');
    expect(
      (await f.t.call(f.owner, 'subscriptions.preview', { action: 'cancel', id: b.id, when: 'now' }))
        .balanceCredit,
    ).toBe(0);
  });

  it('reactivates a subscription canceled without refund into the period already paid for', async () => {
    f = await billingFixture('2026-03-01');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
    });
    await f.advancePaying('2026-03-10');
    await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'Mistake' });
    const back = await f.t.call(f.owner, 'subscriptions.reactivate', { id: sub.id });
    expect(back).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-03-01',
      currentPeriodEnd: '2026-04-01',
      endedOn: null,
    });
    expect(await f.invoicesOf(sub.id)).toHaveLength(1);
    await f.advancePaying('2026-04-01');
    expect(periods(await f.invoicesOf(sub.id))).toEqual(['2026-03-01→2026-04-01', '2026-04-01→2026-05-01']);
  });

  it('cancels at period end: access continues, nothing more is billed', async () => {
    f = await billingFixture('2026-03-01');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan(),
    });
    const s = await f.t.call(f.owner, 'subscriptions.cancel', {
      id: sub.id,
      when: 'period_end',
      reason: 'Too busy',
    });
    expect(s).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await f.advancePaying('2026-03-31');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('active');
    await f.advanceTo('2026-04-01');
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'canceled',
      endedOn: '2026-04-01',
    });
    expect(await f.invoicesOf(sub.id)).toHaveLength(1);
  });
});

describe('usage, payments and collection', () => {
  it('bills usage overage in arrears at renewal', async () => {
    f = await billingFixture('2026-03-01');
    const plan = await f.plan({ usage: [{ metric: 'classes', included: 8, overageUnitPrice: 500 }] });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    for (const q of [4, 3, 2, 2])
      await f.t.call(f.owner, 'usage.record', { subscriptionId: sub.id, metric: 'Classes', quantity: q });
    await f.advancePaying('2026-04-01');
    const renewal = (await f.invoicesOf(sub.id)).at(-1)!;
    const detail = await f.t.call(f.owner, 'invoices.get', { id: renewal.id as number });
    expect(detail.lines.map((l) => [l.kind, l.description, l.quantity, l.total])).toEqual([
      ['plan', 'Monthly', 1, 3000],
      ['usage', 'classes: 11 used, 8 included', 3, 1500],
    ]);
    expect((await f.t.call(f.owner, 'usage.list', { subscriptionId: sub.id })).every((u) => u.billed)).toBe(
      true,
    );
    const e = await f.t.fail(f.owner, 'usage.record', {
      subscriptionId: sub.id,
      metric: 'towels',
      quantity: 1,
    });
    expect(e.fields).toEqual({ metric: 'Use one of: classes' });
  });

  it('takes partial payments, then marks the invoice paid; overpayment needs confirmation', async () => {
    f = await billingFixture();
    const member = await f.member();
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: await f.plan() });
    const id = (await f.invoicesOf(sub.id))[0]!.id as number;
    await f.t.call(f.owner, 'payments.record', { invoiceId: id, amount: 1000, method: 'cash' });
    expect(await f.t.call(f.owner, 'invoices.get', { id })).toMatchObject({
      status: 'open',
      amountPaid: 1000,
      amountDue: 2000,
    });
    const e = await f.t.fail(f.owner, 'payments.record', {
      invoiceId: id,
      amount: 2500,
      method: 'card_terminal',
    });
    expect(e).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('$5.00 more than is due') });
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: id,
      amount: 2500,
      method: 'card_terminal',
      reference: 'T-881',
      confirmOverpayment: true,
    });
    expect(await f.t.call(f.owner, 'invoices.get', { id })).toMatchObject({
      status: 'paid',
      amountPaid: 3000,
      amountDue: 0,
    });
    expect((await f.t.call(f.owner, 'billing.memberSummary', { memberId: member })).balance).toBe(500);
    expect(
      (await f.t.fail(f.owner, 'payments.record', { invoiceId: id, amount: 100, method: 'cash' })).message,
    ).toBe('This invoice is already paid.');
  });

  it('moves an unpaid manual subscription to past due after the due date and to unpaid after the grace days', async () => {
    f = await billingFixture('2026-03-01');
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: await f.member(),
      planId: await f.plan({ graceDays: 5 }),
    });
    // Due 7 days after issue (the default), so overdue from 03-09.
    await f.advanceTo('2026-03-08');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('active');
    await f.advanceTo('2026-03-09');
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'past_due',
      pastDueSince: '2026-03-09',
    });
    await f.advanceTo('2026-03-14');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('unpaid');
    // Paying the overdue invoice brings it back.
    const [invoice] = await f.invoicesOf(sub.id);
    await f.t.call(f.owner, 'payments.record', {
      invoiceId: invoice!.id as number,
      amount: 3000,
      method: 'bank_transfer',
    });
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'active',
      pastDueSince: null,
    });
    const timeline = (await f.t.call(f.owner, 'subscriptions.events', { id: sub.id })).map((e) => e.type);
    expect(timeline).toEqual(
      expect.arrayContaining([
        'subscription.created',
        'invoice.overdue',
        'subscription.past_due',
        'subscription.unpaid',
        'payment.succeeded',
        'invoice.paid',
        'subscription.updated',
      ]),
    );
  });

  it('numbers invoices without gaps and credit notes on their own sequence', async () => {
    f = await billingFixture('2026-03-01');
    const plan = await f.plan();
    const subs = [];
    for (let i = 0; i < 3; i++)
      subs.push(
        await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan }),
      );
    const draft = await f.t.call(f.owner, 'invoices.createDraft', {
      memberId: subs[0]!.memberId,
      lines: [{ description: 'Towel', quantity: 2, unitAmount: 450 }],
    });
    expect(draft).toMatchObject({ number: null, status: 'draft', total: 900 });
    await f.t.call(f.owner, 'invoices.deleteDraft', { id: draft.id });
    await f.advancePaying('2026-04-01');
    const all = (await f.t.call(f.owner, 'invoices.list', { limit: 100 })).items;
    expect(all.map((i) => i.number).sort()).toEqual([
      'INV-00001',
      'INV-00002',
      'INV-00003',
      'INV-00004',
      'INV-00005',
      'INV-00006',
    ]);
  });

  it('catches up after the app was closed: each missed period invoiced once, in order', async () => {
    f = await billingFixture('2026-01-15');
    const plan = await f.plan({ interval: 'week', intervalCount: 2, price: 1500, graceDays: 90 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    await f.advanceTo('2026-04-20');
    const invoices = await f.invoicesOf(sub.id);
    expect(invoices.map((i) => i.periodStart)).toEqual([
      '2026-01-15',
      '2026-01-29',
      '2026-02-12',
      '2026-02-26',
      '2026-03-12',
      '2026-03-26',
      '2026-04-09',
    ]);
    expect(new Set(invoices.map((i) => i.number)).size).toBe(7);
    await Promise.all([f.t.core.scheduler.runDue(), f.t.core.scheduler.runDue()]);
    expect(await f.invoicesOf(sub.id)).toHaveLength(7);
    expect(await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).toMatchObject({
      status: 'past_due',
      pastDueSince: '2026-01-23',
    });
  });

  it('keeps catch-up in date order: a member who never paid stops being renewed when the grace ran out', async () => {
    f = await billingFixture('2026-01-15');
    const plan = await f.plan({ interval: 'week', intervalCount: 2, price: 1500, graceDays: 7 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: await f.member(), planId: plan });
    await f.advanceTo('2026-04-20');
    // Due 01-22, past due 01-23, renewed 01-29 while past due, unpaid 01-30: nothing billed after.
    expect((await f.invoicesOf(sub.id)).map((i) => i.periodStart)).toEqual(['2026-01-15', '2026-01-29']);
    const events = (await f.t.call(f.owner, 'subscriptions.events', { id: sub.id })).filter((e) =>
      e.type.startsWith('subscription.'),
    );
    expect(events.map((e) => [e.type, e.effectiveDate])).toEqual([
      ['subscription.created', '2026-01-15'],
      ['subscription.past_due', '2026-01-23'],
      ['subscription.renewed', '2026-01-29'],
      ['subscription.unpaid', '2026-01-30'],
    ]);
  });
});
