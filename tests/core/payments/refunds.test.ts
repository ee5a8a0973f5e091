import { afterEach, describe, expect, it } from 'vitest';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function paidByCard(fx: PaymentsFixture) {
  const member = await fx.member();
  await fx.addCard(member);
  const sub = await fx.t.call(fx.owner, 'subscriptions.create', {
    memberId: member,
    planId: await fx.plan(),
  });
  const invoiceId = (await fx.invoicesOf(sub.id))[0]!.id as number;
  const { payment } = await fx.t.call(fx.owner, 'invoices.charge', { invoiceId });
  return { member, invoiceId, payment };
}

describe('refunds', () => {
  it('refunds part of a card payment through Stripe, with a credit note, never more than what remains', async () => {
    f = await paymentsFixture();
    const { invoiceId, payment } = await paidByCard(f);
    const refund = await f.t.call(f.owner, 'refunds.create', {
      paymentId: payment.id,
      amount: 1250,
      reason: 'Gym closed a week',
    });
    expect(refund).toMatchObject({
      status: 'succeeded',
      method: 'card',
      amount: 1250,
      creditNoteNumber: 'CN-00001',
    });
    const invoice = await f.t.call(f.owner, 'invoices.get', { id: invoiceId });
    expect(invoice).toMatchObject({ status: 'paid', amountRefunded: 1250 });
    expect(invoice.creditNotes).toEqual([
      expect.objectContaining({ number: 'CN-00001', amount: 1250, destination: 'refund' }),
    ]);
    const [charge] = [...f.standin.state.charges.values()];
    expect(charge).toMatchObject({ amount_refunded: 1250 });
    const over = await f.t.fail(f.owner, 'refunds.create', {
      paymentId: payment.id,
      amount: 1751,
      reason: 'Too much',
    });
    expect(over).toMatchObject({
      code: 'VALIDATION',
      message: 'At most $17.50 of this payment can still be refunded.',
    });
    const rest = await f.t.call(f.owner, 'refunds.create', { paymentId: payment.id, reason: 'Leaving' });
    expect(rest.amount).toBe(1750);
    expect(
      (await f.t.fail(f.owner, 'refunds.create', { paymentId: payment.id, reason: 'Again' })).message,
    ).toBe('This payment has been refunded in full already.');
    expect((await f.t.call(f.owner, 'payments.list', { invoiceId })).items[0]).toMatchObject({
      amountRefunded: 3000,
    });
  });

  it('refuses to refund a failed payment, and asks how desk money went back', async () => {
    f = await paymentsFixture();
    const member = await f.member();
    await f.addCard(member, 'pm_card_chargeDeclined');
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: await f.plan() });
    const invoiceId = (await f.invoicesOf(sub.id))[0]!.id as number;
    const { payment } = await f.t.call(f.owner, 'invoices.charge', { invoiceId });
    expect((await f.t.fail(f.owner, 'refunds.create', { paymentId: payment.id, reason: 'x' })).message).toBe(
      'Only a payment that went through can be refunded.',
    );
    const cash = await f.t.call(f.owner, 'payments.record', { invoiceId, amount: 3000, method: 'cash' });
    const e = await f.t.fail(f.owner, 'refunds.create', {
      paymentId: cash.id,
      amount: 500,
      reason: 'Overcharged',
    });
    expect(e.fields).toEqual({ method: 'Choose cash, bank transfer, card terminal or other' });
    const desk = await f.t.call(f.owner, 'refunds.create', {
      paymentId: cash.id,
      amount: 500,
      reason: 'Overcharged',
      method: 'cash',
    });
    expect(desk).toMatchObject({ status: 'succeeded', method: 'cash', creditNoteNumber: 'CN-00001' });
    expect(f.standin.state.refunds.size).toBe(0);
  });

  it('keeps managers and owners the only ones who refund', async () => {
    f = await paymentsFixture();
    const { payment } = await paidByCard(f);
    const { signInAs } = await import('../../support/core');
    const staff = await signInAs(f.t, f.owner, 'staff');
    expect((await f.t.fail(staff, 'refunds.create', { paymentId: payment.id, reason: 'x' })).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('reconciliation with Stripe', () => {
  it('records a refund made in the Stripe dashboard and lists a dispute for the owner', async () => {
    f = await paymentsFixture();
    const { invoiceId, payment } = await paidByCard(f);
    const intent = [...f.standin.state.paymentIntents.values()][0]!;
    f.standin.createDashboardRefund(intent.id, 700);
    f.standin.createDispute(intent.id);
    const first = await f.t.call(f.owner, 'gateway.reconcile', {});
    expect(first).toMatchObject({ settled: 1, issues: 1 });
    const refunds = await f.t.call(f.owner, 'refunds.list', { paymentId: payment.id });
    expect(refunds).toEqual([
      expect.objectContaining({
        amount: 700,
        reason: 'Refunded in the Stripe dashboard',
        status: 'succeeded',
      }),
    ]);
    expect((await f.t.call(f.owner, 'invoices.get', { id: invoiceId })).amountRefunded).toBe(700);
    const issues = await f.t.call(f.owner, 'gateway.issues', {});
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'dispute',
        summary: expect.stringMatching(/disputed a card payment \(\$[0-9.,]+\)/),
      }),
    ]);
    // Reading the same events again changes nothing.
    const again = await f.t.call(f.owner, 'gateway.reconcile', {});
    expect(again).toMatchObject({ settled: 0, issues: 0 });
    expect(await f.t.call(f.owner, 'refunds.list', { paymentId: payment.id })).toHaveLength(1);
  });
});

describe('Stripe keys', () => {
  it('keeps the secret out of every answer, refuses malformed and live keys under the test clock, tests the connection', async () => {
    f = await paymentsFixture();
    const settings = await f.t.call(f.owner, 'gateway.settings', {});
    expect(settings).toMatchObject({ hasSecretKey: true, mode: 'test' });
    expect(JSON.stringify(settings)).not.toContain('sk_test');
    const bad = await f.t.fail(f.owner, 'gateway.saveKeys', { secretKey: 'not-a-key' });
    expect(bad.fields).toEqual({ secretKey: 'A secret key starts with sk_test_ or sk_live_' });
    const mismatch = await f.t.fail(f.owner, 'gateway.saveKeys', {
      secretKey: 'sk_test_abc123',
      publishableKey: 'pk_live_abc123',
    });
    expect(mismatch.fields).toEqual({ publishableKey: 'Use the pk_test_ key' });
    // Changing only the descriptor keeps the stored key.
    await f.t.call(f.owner, 'gateway.saveKeys', { statementDescriptor: 'IRON OAK' });
    expect(await f.t.call(f.owner, 'gateway.settings', {})).toMatchObject({
      hasSecretKey: true,
      mode: 'test',
      statementDescriptor: 'IRON OAK',
    });
    const ok = await f.t.call(f.owner, 'gateway.testConnection', {});
    expect(ok).toMatchObject({ ok: true, mode: 'test' });
    expect((await f.t.call(f.owner, 'gateway.settings', {})).lastCheckedAt).not.toBeNull();
  });
});

describe('live keys in test mode', () => {
  it('refuses a live secret key while the core runs on the test clock, and stores nothing', async () => {
    const { buildCore, setupOwner, memorySecrets } = await import('../../support/core');
    const secrets = memorySecrets();
    const t = buildCore({ testClockChannels: true, secrets });
    const owner = await setupOwner(t);
    const e = await t.fail(owner, 'gateway.saveKeys', { secretKey: 'sk_live_abc123' });
    expect(e).toMatchObject({
      code: 'VALIDATION',
      message: 'Live keys cannot be used while the test clock is on.',
    });
    expect(secrets.get('stripeSecretKey')).toBeNull();
    expect((await t.fail(owner, 'invoices.charge', { invoiceId: 1 })).message).toContain(
      'Card payments are not set up yet',
    );
    t.close();
  });
});

describe('paying out a member balance', () => {
  it('pays out credit at the desk, never more than the balance', async () => {
    f = await paymentsFixture();
    const member = await f.member();
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: await f.plan() });
    const invoiceId = (await f.invoicesOf(sub.id))[0]!.id as number;
    await f.t.call(f.owner, 'payments.record', {
      invoiceId,
      amount: 5000,
      method: 'cash',
      confirmOverpayment: true,
    });
    expect((await f.t.call(f.owner, 'billing.memberSummary', { memberId: member })).balance).toBe(2000);
    const tooMuch = await f.t.fail(f.owner, 'refunds.payOutBalance', {
      memberId: member,
      amount: 2001,
      method: 'cash',
      reason: 'Change',
    });
    expect(tooMuch.message).toBe("The member's balance is $20.00; no more can be paid out.");
    expect(
      await f.t.call(f.owner, 'refunds.payOutBalance', {
        memberId: member,
        amount: 1500,
        method: 'cash',
        reason: 'Change',
      }),
    ).toEqual({ balance: 500 });
    expect((await f.t.call(f.owner, 'billing.memberSummary', { memberId: member })).balance).toBe(500);
  });
});

describe('the payments list', () => {
  it('filters by method, status and a search over member, invoice number and gateway id', async () => {
    f = await paymentsFixture();
    const card = await paidByCard(f);
    const other = (await f.t.call(f.owner, 'members.create', { firstName: 'Zed', lastName: 'Cash' })).id;
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: other,
      planId: await f.plan({ name: 'Other' }),
    });
    const invoiceId = (await f.invoicesOf(sub.id))[0]!.id as number;
    const cash = await f.t.call(f.owner, 'payments.record', {
      invoiceId,
      amount: 3000,
      method: 'cash',
      reference: 'R-77',
    });
    await f.t.call(f.owner, 'refunds.create', { paymentId: card.payment.id, amount: 100, reason: 'Sorry' });
    const ids = async (input: Record<string, unknown>) =>
      (await f!.t.call(f!.owner, 'payments.list', input)).items.map((p) => p.id);
    expect(await ids({ method: 'cash' })).toEqual([cash.id]);
    expect(await ids({ status: 'refunded' })).toEqual([card.payment.id]);
    expect(await ids({ query: 'zed' })).toEqual([cash.id]);
    expect(await ids({ query: 'R-77' })).toEqual([cash.id]);
    expect(await ids({ query: 'INV-00001' })).toEqual([card.payment.id]);
    const intent = [...f.standin.state.paymentIntents.values()][0]!;
    expect(await ids({ query: intent.id })).toEqual([card.payment.id]);
  });
});
