import { and, asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { billingEvents, dunningCases, outbox, payments } from '../../../db/schema';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture;
afterEach(async () => {
  await f?.close();
});

/** A member with an email (so messages go out) and a card that behaves like `testCard`. */
async function debtor(testCard: string, first = 'Dana') {
  const m = await f.t.call(f.owner, 'members.create', {
    firstName: first,
    lastName: 'Debtor',
    email: `${first.toLowerCase()}@example.test`,
  });
  await f.addCard(m.id, testCard);
  const plan = await f.plan({ graceDays: 7 });
  const sub = await f.t.call(f.owner, 'subscriptions.create', {
    memberId: m.id,
    planId: plan,
    collection: 'automatic',
  });
  return { memberId: m.id, subId: sub.id };
}

const status = async (id: number) => (await f.t.call(f.owner, 'subscriptions.get', { id })).status;

const dunningEvents = (subId: number) =>
  f.t.database.db
    .select({ type: billingEvents.type, on: billingEvents.effectiveDate, data: billingEvents.data })
    .from(billingEvents)
    .where(eq(billingEvents.subscriptionId, subId))
    .orderBy(asc(billingEvents.id))
    .all()
    .filter((e) => e.type.startsWith('dunning.') || e.type === 'subscription.unpaid');

const cardAttempts = () =>
  f.t.database.db
    .select({ status: payments.status, attempt: payments.attempt, created: payments.createdAt })
    .from(payments)
    .where(eq(payments.method, 'card'))
    .orderBy(asc(payments.id))
    .all();

const failedMessages = (memberId: number) =>
  f.t.database.db
    .select({ key: outbox.dedupeKey, body: outbox.body })
    .from(outbox)
    .where(and(eq(outbox.memberId, memberId), eq(outbox.topic, 'payment_failed')))
    .orderBy(asc(outbox.id))
    .all();

const access = async (memberId: number) => {
  const list = await f.t.call(f.owner, 'debtors.list', {});
  return list.items.find((d) => d.memberId === memberId)?.access ?? 'not listed';
};

describe('dunning policy (defaults: retry +1, +4, +10 days; then unpaid)', () => {
  it('retries a declined renewal on 03-03, 03-06 and 03-12, tells the member each time, then marks it unpaid', async () => {
    f = await paymentsFixture('2026-03-02');
    const { memberId, subId } = await debtor('pm_card_chargeCustomerFail');
    await f.t.core.scheduler.runDue(); // the first charge, as the nudge after the sale would
    expect(await status(subId)).toBe('past_due');
    expect(cardAttempts().map((a) => a.status)).toEqual(['failed']);

    await f.advanceTo('2026-03-03');
    expect(cardAttempts()).toHaveLength(2);
    await f.advanceTo('2026-03-05'); // nothing due between retries
    expect(cardAttempts()).toHaveLength(2);
    expect(await access(memberId)).toBe('grace');
    await f.advanceTo('2026-03-06');
    expect(cardAttempts()).toHaveLength(3);
    // Grace (7 days) is over on 03-09: blocked everywhere, but still chased, not yet unpaid.
    await f.advanceTo('2026-03-09');
    expect(await access(memberId)).toBe('blocked');
    expect(await status(subId)).toBe('past_due');
    const member = await f.t.call(f.owner, 'members.get', { id: memberId });
    expect(member.access).toBe('blocked');
    await f.advanceTo('2026-03-12');
    expect(cardAttempts().map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(await status(subId)).toBe('unpaid');

    expect(dunningEvents(subId).map((e) => [e.type, e.on])).toEqual([
      ['dunning.started', '2026-03-02'],
      ['dunning.retry_failed', '2026-03-03'],
      ['dunning.retry_failed', '2026-03-06'],
      ['dunning.retry_failed', '2026-03-12'],
      ['subscription.unpaid', '2026-03-12'],
      ['dunning.exhausted', '2026-03-12'],
    ]);
    const told = failedMessages(memberId);
    expect(told.map((m) => m.key)).toEqual(
      [1, 2, 3, 4].map((n) => `payment_failed:invoice:${dunningCase().invoiceId}:attempt:${n}:email`),
    );
    // The amount and a Stripe payment page (the stand-in's Checkout URL).
    expect(told[0]!.body).toContain('$30.00');
    expect(told[0]!.body).toMatch(/http:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_/);

    // The same day again: nothing twice.
    await f.t.core.scheduler.runDue();
    await f.t.core.scheduler.runDue();
    expect(cardAttempts()).toHaveLength(4);
    expect(failedMessages(memberId)).toHaveLength(4);
    expect(dunningEvents(subId)).toHaveLength(6);
    // Still owed: on the debtors list, retries ran out.
    const list = await f.t.call(f.owner, 'debtors.list', {});
    expect(list.items).toMatchObject([{ memberId, amountDue: 3000, stage: 'exhausted', step: 3, steps: 3 }]);
  });

  it('after days closed, tries the card once for all the retry days that passed, not in a burst', async () => {
    f = await paymentsFixture('2026-03-02');
    const { subId } = await debtor('pm_card_chargeCustomerFail');
    await f.t.core.scheduler.runDue();
    await f.advanceTo('2026-03-08'); // closed from Mar 2 to Mar 8: the +1 and +4 days passed
    expect(cardAttempts()).toHaveLength(2);
    expect(dunningCase()).toMatchObject({ step: 2, nextRetryOn: '2026-03-12', status: 'active' });
    await f.advanceTo('2026-03-20');
    expect(cardAttempts()).toHaveLength(3);
    expect(await status(subId)).toBe('unpaid');
  });

  it('retries at once when a new card is added mid-dunning, and recovers', async () => {
    f = await paymentsFixture('2026-03-02');
    const { memberId, subId } = await debtor('pm_card_chargeCustomerFail');
    await f.t.core.scheduler.runDue();
    await f.advanceTo('2026-03-03'); // retry 1 fails
    await f.advanceTo('2026-03-04');
    await f.addCard(memberId, 'pm_card_visa'); // the member updated their card
    expect(dunningCase().retryNow).toBe(true);
    await f.t.core.scheduler.runDue();
    expect(cardAttempts().map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(await status(subId)).toBe('active');
    expect(dunningCase()).toMatchObject({ status: 'recovered', endedOn: '2026-03-04', nextRetryOn: null });
    expect(dunningEvents(subId).map((e) => e.type)).toEqual([
      'dunning.started',
      'dunning.retry_failed',
      'dunning.card_updated',
      'dunning.recovered',
    ]);
    // Nothing more is tried on the old schedule.
    await f.advanceTo('2026-03-12');
    expect(cardAttempts()).toHaveLength(3);
    expect((await f.t.call(f.owner, 'debtors.list', {})).items).toEqual([]);
  });

  it('does not retry a hard decline (lost card) but tells the member, and ends on the last retry day', async () => {
    f = await paymentsFixture('2026-03-02');
    const { memberId, subId } = await debtor('pm_card_chargeDeclinedLostCard');
    await f.t.core.scheduler.runDue();
    expect(dunningCase()).toMatchObject({ hardDecline: true, nextRetryOn: '2026-03-12' });
    expect(failedMessages(memberId)).toHaveLength(1);
    expect(failedMessages(memberId)[0]!.body).toContain('reported lost');
    for (const day of ['2026-03-03', '2026-03-06', '2026-03-11']) await f.advanceTo(day);
    expect(cardAttempts()).toHaveLength(1);
    expect((await f.t.call(f.owner, 'debtors.list', { stage: 'hard_decline' })).items).toHaveLength(1);
    await f.advanceTo('2026-03-12');
    expect(cardAttempts()).toHaveLength(1);
    expect(await status(subId)).toBe('unpaid');
    expect(dunningCase().status).toBe('exhausted');
  });

  it('cancels and marks the invoice uncollectible when the policy says so', async () => {
    f = await paymentsFixture('2026-03-02');
    await f.t.call(f.owner, 'dunning.savePolicy', {
      retryDays: [2],
      whenExhausted: 'cancel',
      markUncollectible: true,
      stripeRequestsPerSecond: null,
    });
    const { subId } = await debtor('pm_card_chargeCustomerFail');
    await f.t.core.scheduler.runDue();
    await f.advanceTo('2026-03-04');
    expect(await status(subId)).toBe('canceled');
    const [invoice] = await f.invoicesOf(subId);
    expect(invoice!.status).toBe('uncollectible');
    expect(dunningCase()).toMatchObject({ status: 'exhausted', outcome: 'cancel' });
    // Written off by the policy: no longer on the debtors list.
    expect((await f.t.call(f.owner, 'debtors.list', {})).items).toEqual([]);
  });

  it('refuses retry schedules that do not increase or go past 60 days, and changes nothing', async () => {
    f = await paymentsFixture('2026-03-02');
    const base = {
      whenExhausted: 'unpaid' as const,
      markUncollectible: false,
      stripeRequestsPerSecond: null,
    };
    const notIncreasing = await f.t.fail(f.owner, 'dunning.savePolicy', { ...base, retryDays: [1, 4, 4] });
    expect(notIncreasing).toMatchObject({ code: 'VALIDATION' });
    expect(notIncreasing.message).toMatch(/later than the one before/);
    const tooLate = await f.t.fail(f.owner, 'dunning.savePolicy', { ...base, retryDays: [1, 30, 61] });
    expect(tooLate.message).toMatch(/at most 60 days/);
    expect((await f.t.fail(f.owner, 'dunning.savePolicy', { ...base, retryDays: [] })).code).toBe(
      'VALIDATION',
    );
    expect((await f.t.fail(f.owner, 'dunning.savePolicy', { ...base, retryDays: [0, 3] })).code).toBe(
      'VALIDATION',
    );
    expect(await f.t.call(f.owner, 'dunning.policy', {})).toEqual({
      retryDays: [1, 4, 10],
      whenExhausted: 'unpaid',
      markUncollectible: false,
      stripeRequestsPerSecond: null,
    });
    const saved = await f.t.call(f.owner, 'dunning.savePolicy', { ...base, retryDays: [2, 7, 60] });
    expect(saved.retryDays).toEqual([2, 7, 60]);
  });
});

describe('debtors list', () => {
  it('lists who owes, records a desk payment that ends dunning, writes off, exports CSV', async () => {
    f = await paymentsFixture('2026-03-02');
    const a = await debtor('pm_card_chargeCustomerFail', 'Anna');
    const b = await debtor('pm_card_chargeDeclinedInsufficientFunds', 'Bruno');
    await f.t.core.scheduler.runDue();
    const list = await f.t.call(f.owner, 'debtors.list', {});
    expect(list.total).toBe(2);
    expect(list.totalDue).toBe(6000);
    expect(list.items[0]).toMatchObject({
      amountDue: 3000,
      since: '2026-03-02',
      stage: 'retrying',
      step: 0,
      steps: 3,
      nextRetryOn: '2026-03-03',
    });
    expect(list.items.find((d) => d.memberId === b.memberId)!.lastReason).toMatch(/not enough funds/);
    expect((await f.t.call(f.owner, 'debtors.list', { query: 'brun' })).items.map((d) => d.memberId)).toEqual(
      [b.memberId],
    );

    const csv = await f.t.call(f.owner, 'debtors.exportCsv', {});
    expect(csv.count).toBe(2);
    expect(csv.csv.split('\r\n')[0]).toBe(
      'Member number,Name,Email,Phone,Amount due,Currency,Owing since,Invoices,Stage,Retries made,Next retry,Last attempt,Last reason,Access',
    );
    expect(csv.csv).toContain('30.00,USD,2026-03-02');

    const paid = await f.t.call(f.owner, 'debtors.recordPayment', {
      memberIds: [a.memberId],
      method: 'cash',
    });
    expect(paid).toEqual([{ memberId: a.memberId, ok: true, message: '$30.00 recorded.' }]);
    expect(await status(a.subId)).toBe('active');
    const caseA = f.t.database.db
      .select()
      .from(dunningCases)
      .where(eq(dunningCases.memberId, a.memberId))
      .get()!;
    expect(caseA).toMatchObject({ status: 'recovered', outcome: 'paid' });

    const off = await f.t.call(f.owner, 'debtors.writeOff', {
      memberIds: [b.memberId],
      reason: 'Moved away',
    });
    expect(off[0]).toMatchObject({ ok: true });
    expect((await f.t.call(f.owner, 'debtors.list', {})).items).toEqual([]);
    // A member who no longer owes is answered per member, not as a failure of the whole call.
    expect(await f.t.call(f.owner, 'debtors.writeOff', { memberIds: [b.memberId], reason: 'Again' })).toEqual(
      [{ memberId: b.memberId, ok: false, message: 'No longer owes anything.' }],
    );
    // Nothing is retried for either of them later.
    await f.advanceTo('2026-03-13');
    expect(cardAttempts()).toHaveLength(2);
  });

  it('sends a payment reminder with the amount and a pay link, once per click', async () => {
    f = await paymentsFixture('2026-03-02');
    const a = await debtor('pm_card_chargeCustomerFail', 'Anna');
    await f.t.core.scheduler.runDue();
    const sent = await f.t.call(f.owner, 'debtors.remind', { memberIds: [a.memberId] });
    expect(sent[0]).toMatchObject({ ok: true });
    await f.t.call(f.owner, 'debtors.remind', { memberIds: [a.memberId] });
    const reminders = f.t.database.db
      .select({ key: outbox.dedupeKey, body: outbox.body })
      .from(outbox)
      .where(eq(outbox.topic, 'payment_reminder'))
      .all();
    expect(reminders.map((r) => r.key)).toEqual([
      `payment_reminder:invoice:${dunningCase().invoiceId}:reminder:1:email`,
      `payment_reminder:invoice:${dunningCase().invoiceId}:reminder:2:email`,
    ]);
    expect(reminders[0]!.body).toContain('$30.00');
  });
});

function dunningCase() {
  return f.t.database.db.select().from(dunningCases).orderBy(asc(dunningCases.id)).get()!;
}
