import { afterEach, describe, expect, it } from 'vitest';
import { payments } from '../../../db/schema';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** A member with an open invoice of 30.00 from a manual subscription. */
async function openInvoice(fx: PaymentsFixture, card?: string) {
  const member = await fx.member();
  if (card) await fx.addCard(member, card);
  const sub = await fx.t.call(fx.owner, 'subscriptions.create', {
    memberId: member,
    planId: await fx.plan(),
  });
  const [invoice] = await fx.invoicesOf(sub.id);
  return { member, sub, invoiceId: invoice!.id as number };
}

const intents = (fx: PaymentsFixture) => [...fx.standin.state.paymentIntents.values()];

describe('card on file', () => {
  it('captures a card through a Checkout link and keeps only brand, last 4 and expiry', async () => {
    f = await paymentsFixture();
    const member = await f.member();
    const setup = await f.t.call(f.owner, 'paymentMethods.startSetup', { memberId: member });
    expect(setup).toMatchObject({ status: 'open', url: expect.stringContaining(f.standin.url) });
    expect((await f.t.call(f.owner, 'paymentMethods.setupStatus', { setupId: setup.id })).status).toBe(
      'open',
    );
    const cardId = await f.addCard(member);
    const cards = await f.t.call(f.owner, 'paymentMethods.list', { memberId: member });
    expect(cards).toEqual([
      expect.objectContaining({
        id: cardId,
        brand: 'visa',
        last4: '4242',
        isDefault: true,
        expired: false,
        mode: 'test',
      }),
    ]);
    // One customer at Stripe for the member, however many cards.
    await f.addCard(member, 'pm_card_mastercard');
    expect(f.standin.state.customers.size).toBe(1);
    const after = await f.t.call(f.owner, 'paymentMethods.list', { memberId: member });
    expect(after.map((c) => [c.brand, c.isDefault])).toEqual([
      ['visa', false],
      ['mastercard', true],
    ]);
  });

  it('reports a link that expired before the card was added', async () => {
    f = await paymentsFixture();
    const member = await f.member();
    const setup = await f.t.call(f.owner, 'paymentMethods.startSetup', { memberId: member });
    const session = [...f.standin.state.checkoutSessions.values()][0]!;
    f.standin.expireCheckoutSession(session.id);
    const status = await f.t.call(f.owner, 'paymentMethods.setupStatus', { setupId: setup.id });
    expect(status).toMatchObject({ status: 'expired', failureMessage: expect.stringContaining('expired') });
    expect(await f.t.call(f.owner, 'paymentMethods.list', { memberId: member })).toEqual([]);
  });
});

describe('charging an invoice', () => {
  it('charges the default card once and marks the invoice paid', async () => {
    f = await paymentsFixture();
    const { invoiceId } = await openInvoice(f, 'pm_card_visa');
    const outcome = await f.t.call(f.owner, 'invoices.charge', { invoiceId });
    expect(outcome).toMatchObject({
      message: '$30.00 was charged to the card.',
      payment: { status: 'succeeded', method: 'card', amount: 3000 },
    });
    expect(await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).toMatchObject({
      status: 'paid',
      amountPaid: 3000,
    });
    expect(intents(f)).toHaveLength(1);
    expect(intents(f)[0]).toMatchObject({ amount: 3000, currency: 'usd', status: 'succeeded' });
    const again = await f.t.fail(f.owner, 'invoices.charge', { invoiceId });
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: 'This invoice is already paid and cannot be charged.',
    });
    expect(intents(f)).toHaveLength(1);
  });

  it.each([
    [
      'pm_card_chargeDeclinedInsufficientFunds',
      'card_declined',
      'insufficient_funds',
      'The bank declined: not enough funds.',
    ],
    [
      'pm_card_chargeDeclined',
      'card_declined',
      'generic_decline',
      expect.stringContaining('without giving a reason'),
    ],
    [
      'pm_card_chargeDeclinedExpiredCard',
      'expired_card',
      null,
      'The card has expired. Ask the member for a new card.',
    ],
  ])(
    'keeps Stripe’s codes and a plain reason when %s is declined; the subscription goes past due',
    async (card, code, decline, reason) => {
      f = await paymentsFixture();
      const { invoiceId, sub } = await openInvoice(f, card);
      const outcome = await f.t.call(f.owner, 'invoices.charge', { invoiceId });
      expect(outcome.payment).toMatchObject({ status: 'failed', failureCode: code, failureMessage: reason });
      if (decline) expect(outcome.payment.declineCode).toBe(decline);
      expect(await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).toMatchObject({
        status: 'open',
        amountDue: 3000,
      });
      expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('past_due');
    },
  );

  it('sends the member a page to confirm a charge their bank held (SCA), and records it once paid', async () => {
    f = await paymentsFixture();
    const member = (
      await f.t.call(f.owner, 'members.create', {
        firstName: 'Sca',
        lastName: 'Member',
        email: 'sca@example.com',
      })
    ).id;
    await f.addCard(member, 'pm_card_authenticationRequired');
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: await f.plan() });
    const invoiceId = (await f.invoicesOf(sub.id))[0]!.id as number;
    const outcome = await f.t.call(f.owner, 'invoices.charge', { invoiceId });
    expect(outcome.payment.status).toBe('requires_action');
    expect(outcome.message).toContain('wants the member to confirm $30.00');
    expect((await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).status).toBe('open');
    const link = await f.t.call(f.owner, 'paymentLinks.forInvoice', { invoiceId });
    expect(link).toMatchObject({ status: 'open', amount: 3000, url: expect.stringContaining(f.standin.url) });
    expect((await f.t.call(f.owner, 'outbox.list', { memberId: member })).items[0]).toMatchObject({
      to: 'sca@example.com',
      subject: 'Iron & Oak Fitness: please confirm your payment',
    });
    // The member pays on the page (their bank's check included there).
    const session = [...f.standin.state.checkoutSessions.values()].find((s) => s.mode === 'payment')!;
    f.standin.completeCheckoutSession(session.id, 'pm_card_authenticationRequired');
    expect((await f.t.call(f.owner, 'paymentLinks.forInvoice', { invoiceId }))?.status).toBe('complete');
    expect(await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).toMatchObject({
      status: 'paid',
      amountPaid: 3000,
    });
    const list = (await f.t.call(f.owner, 'payments.list', { invoiceId })).items;
    expect(list.map((p) => p.status).sort()).toEqual(['failed', 'succeeded']);
    // Polling again changes nothing.
    await f.t.core.scheduler.runDue();
    expect((await f.t.call(f.owner, 'payments.list', { invoiceId })).items).toHaveLength(2);
  });

  it('refuses a charge without a card, of a void invoice, and without keys', async () => {
    f = await paymentsFixture();
    const { invoiceId } = await openInvoice(f);
    expect((await f.t.fail(f.owner, 'invoices.charge', { invoiceId })).message).toBe(
      'This member has no card on file. Add a card, or take the payment at the desk.',
    );
    await f.t.call(f.owner, 'invoices.void', { id: invoiceId, reason: 'test' });
    expect((await f.t.fail(f.owner, 'invoices.charge', { invoiceId })).code).toBe('CONFLICT');
    expect(f.t.database.db.select().from(payments).all()).toEqual([]);
  });

  it('records nothing as failed when Stripe is unreachable, and settles the attempt later with the same key', async () => {
    f = await paymentsFixture();
    const { invoiceId } = await openInvoice(f, 'pm_card_visa');
    f.standin.options.failNext(2, '500');
    const e = await f.t.fail(f.owner, 'invoices.charge', { invoiceId });
    expect(e.code).toBe('GATEWAY_UNAVAILABLE');
    const [pending] = f.t.database.db.select().from(payments).all();
    expect(pending).toMatchObject({
      status: 'pending',
      idempotencyKey: expect.stringMatching(new RegExp(`^charge:[0-9a-f-]{36}:${invoiceId}:1$`)),
    });
    expect(intents(f)).toHaveLength(0);
    const r = await f.t.call(f.owner, 'gateway.reconcile', {});
    expect(r.settled).toBe(1);
    expect(await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).toMatchObject({ status: 'paid' });
    expect(intents(f)).toHaveLength(1);
  });

  it('charges once when the answer was lost after Stripe charged (same key, same answer)', async () => {
    f = await paymentsFixture();
    const { invoiceId } = await openInvoice(f, 'pm_card_visa');
    f.standin.options.failNext(2, 'drop_after', { path: /^\/v1\/payment_intents/ });
    expect((await f.t.fail(f.owner, 'invoices.charge', { invoiceId })).code).toBe('GATEWAY_UNAVAILABLE');
    expect(intents(f)).toHaveLength(1);
    await f.t.call(f.owner, 'gateway.reconcile', {});
    expect(await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).toMatchObject({
      status: 'paid',
      amountPaid: 3000,
    });
    expect(intents(f)).toHaveLength(1);
    const rows = f.t.database.db.select().from(payments).all();
    expect(rows.map((p) => [p.status, p.attempt])).toEqual([['succeeded', 1]]);
  });
});

describe('automatic collection', () => {
  it('charges renewals of automatic subscriptions by itself and retries a decline later', async () => {
    f = await paymentsFixture('2026-03-01');
    const member = await f.member();
    await f.addCard(member, 'pm_card_visa');
    const plan = await f.plan({ trialDays: 7 });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: member,
      planId: plan,
      collection: 'automatic',
    });
    // With a card, the trial ends into its first charge instead of expiring.
    await f.advanceTo('2026-03-08');
    expect((await f.t.call(f.owner, 'subscriptions.get', { id: sub.id })).status).toBe('active');
    const [first] = await f.invoicesOf(sub.id);
    expect(first).toMatchObject({ status: 'paid' });
    await f.advanceTo('2026-04-08');
    expect((await f.invoicesOf(sub.id)).map((i) => i.status)).toEqual(['paid', 'paid']);
    expect(intents(f)).toHaveLength(2);
  });
});
