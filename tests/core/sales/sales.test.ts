import { and, count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { coupons, invoices, members, outbox, payments, sales, subscriptions } from '../../../db/schema';
import type { InputOf } from '../../../shared/contract';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

let keys = 0;
const key = () => `sale-test-${++keys}-${Date.now()}`;

/** A business on 2026-03-02 with a 30.00 monthly plan taxed 20% on top. */
async function desk(today = '2026-03-02') {
  const fx = await paymentsFixture(today);
  const vat = await fx.taxRate('VAT', 2000, false);
  const planId = await fx.plan({ name: 'Monthly', price: 3000, taxRateId: vat });
  return { fx, planId };
}

const sell = (fx: PaymentsFixture, input: Omit<InputOf<'sales.create'>, 'requestKey'>, requestKey = key()) =>
  fx.t.call(fx.owner, 'sales.create', { ...input, requestKey } as InputOf<'sales.create'>);

const rowsOf = (fx: PaymentsFixture) => {
  const db = fx.t.database.db;
  const n = (
    table: typeof members | typeof subscriptions | typeof invoices | typeof payments | typeof sales,
  ) => db.select({ n: count() }).from(table).get()!.n;
  return {
    members: n(members),
    subscriptions: n(subscriptions),
    invoices: n(invoices),
    payments: n(payments),
    sales: n(sales),
  };
};

const intents = (fx: PaymentsFixture) => [...fx.standin.state.paymentIntents.values()];

describe('a sale paid with the card on file', () => {
  it('previews exactly, starts incomplete, and is active only once the charge succeeded', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member('Ada');
    await fx.addCard(member, 'pm_card_visa');

    const preview = await fx.t.call(fx.owner, 'sales.preview', { memberId: member, planId });
    expect(preview).toMatchObject({
      subtotal: 3000,
      taxTotal: 600,
      total: 3600,
      amountDue: 3600,
      status: 'active',
      nextBillingDate: '2026-04-02',
    });
    expect(preview.lines.map((l) => [l.description, l.periodStart, l.periodEnd, l.total])).toEqual([
      ['Monthly', '2026-03-02', '2026-04-02', 3600],
    ]);
    // The preview changed nothing.
    expect(rowsOf(fx)).toMatchObject({ subscriptions: 0, invoices: 0, sales: 0 });

    const sale = await sell(fx, { memberId: member, planId });
    expect(sale).toMatchObject({
      status: 'open',
      outcome: null,
      subscriptionStatus: 'incomplete',
      total: 3600,
      amountDue: 3600,
      invoiceNumber: 'INV-00001',
      expiresAt: '2026-03-03T16:00:00.000Z',
    });
    const sub = await fx.t.call(fx.owner, 'subscriptions.get', { id: sale.subscriptionId });
    expect(sub).toMatchObject({ status: 'incomplete', collection: 'automatic' });
    // Not active: not in the active count.
    expect((await fx.t.call(fx.owner, 'subscriptions.list', { status: 'active' })).total).toBe(0);

    const paid = await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' });
    expect(paid).toMatchObject({ result: 'paid', message: '$36.00 was charged to the card.' });
    expect(paid.sale).toMatchObject({
      status: 'completed',
      outcome: 'paid',
      subscriptionStatus: 'active',
      amountDue: 0,
      receiptPaymentId: paid.sale.payments[0]!.id,
      completedAt: '2026-03-02T17:00:00.000Z',
    });
    expect(await fx.t.call(fx.owner, 'invoices.get', { id: sale.invoiceId! })).toMatchObject({
      status: 'paid',
      amountPaid: 3600,
    });
    expect(intents(fx).map((i) => [i.amount, i.status])).toEqual([[3600, 'succeeded']]);
    const events = await fx.t.call(fx.owner, 'subscriptions.events', { id: sale.subscriptionId });
    expect(events.map((e) => e.type)).toEqual([
      'subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment.succeeded',
      'invoice.paid',
      'subscription.activated',
    ]);
  });
});

describe('a declined card', () => {
  it('keeps the attempt, activates nothing, and the sale is paid with another card', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member('Ben');
    await fx.addCard(member, 'pm_card_chargeDeclinedInsufficientFunds');
    const sale = await sell(fx, { memberId: member, planId });

    const declined = await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' });
    expect(declined).toMatchObject({
      result: 'declined',
      message: 'The bank declined: not enough funds.',
      sale: { status: 'open', subscriptionStatus: 'incomplete', amountDue: 3600, receiptPaymentId: null },
    });
    expect(declined.sale.payments.map((p) => [p.status, p.declineCode])).toEqual([
      ['failed', 'insufficient_funds'],
    ]);
    // A decline of a sale is not a renewal gone past due.
    expect((await fx.t.call(fx.owner, 'subscriptions.get', { id: sale.subscriptionId })).status).toBe(
      'incomplete',
    );

    const visa = await fx.addCard(member, 'pm_card_visa');
    const paid = await fx.t.call(fx.owner, 'sales.pay', {
      saleId: sale.id,
      method: 'card',
      paymentMethodId: visa,
    });
    expect(paid.result).toBe('paid');
    expect(paid.sale.payments.map((p) => [p.status, p.amount, p.card?.last4])).toEqual([
      ['failed', 3600, '9995'],
      ['succeeded', 3600, '4242'],
    ]);
    expect(paid.sale).toMatchObject({ status: 'completed', subscriptionStatus: 'active' });
  });

  it('refuses a card that is not the member’s', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const a = await fx.member('Cat');
    const b = await fx.member('Dan');
    const otherCard = await fx.addCard(b, 'pm_card_visa');
    const sale = await sell(fx, { memberId: a, planId });
    const e = await fx.t.fail(fx.owner, 'sales.pay', {
      saleId: sale.id,
      method: 'card',
      paymentMethodId: otherCard,
    });
    expect(e.message).toBe('This member has no card on file. Add a card, or take the payment at the desk.');
    expect(intents(fx)).toHaveLength(0);
  });
});

describe('desk money and pay later', () => {
  it('records cash for a new member made in the same sale, with a coupon', async () => {
    const { fx, planId } = await desk();
    f = fx;
    await fx.t.call(fx.owner, 'coupons.create', {
      code: 'SPRING10',
      kind: 'percent',
      percentBps: 1000,
      duration: 'once',
    });
    const before = rowsOf(fx);
    const sale = await sell(fx, {
      newMember: { firstName: 'Zoë', lastName: 'Müller-Łukasiewicz', email: 'zoe@example.com' },
      planId,
      couponCode: 'spring10',
    });
    expect(rowsOf(fx).members).toBe(before.members + 1);
    expect(sale).toMatchObject({ memberName: 'Zoë Müller-Łukasiewicz', total: 3240, amountDue: 3240 });
    const welcomes = () =>
      fx.t.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.memberId, sale.memberId), eq(outbox.topic, 'subscription_started')))
        .all().length;
    // The member is welcomed once the sale is paid, not before.
    expect(welcomes()).toBe(0);
    // No card on file: renewals are paid at the desk.
    expect((await fx.t.call(fx.owner, 'subscriptions.get', { id: sale.subscriptionId })).collection).toBe(
      'manual',
    );
    const paid = await fx.t.call(fx.owner, 'sales.pay', {
      saleId: sale.id,
      method: 'cash',
      reference: 'Till 1',
    });
    expect(paid).toMatchObject({ result: 'paid', message: '$32.40 received in cash.' });
    expect(paid.sale.payments.map((p) => [p.method, p.status, p.amount, p.reference])).toEqual([
      ['cash', 'succeeded', 3240, 'Till 1'],
    ]);
    expect(paid.sale).toMatchObject({ status: 'completed', outcome: 'paid', subscriptionStatus: 'active' });
    expect(welcomes()).toBe(1);
  });

  it('sells with the invoice to pay later, unless the setting is off', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    await fx.addCard(member);
    await fx.t.call(fx.owner, 'settings.update', { deskPayLater: false });
    const sale = await sell(fx, { memberId: member, planId });
    const off = await fx.t.fail(fx.owner, 'sales.pay', { saleId: sale.id, method: 'pay_later' });
    expect(off).toMatchObject({
      code: 'CONFLICT',
      message: 'Selling with the invoice to pay later is turned off in Settings.',
    });
    expect((await fx.t.call(fx.owner, 'sales.get', { id: sale.id })).status).toBe('open');

    await fx.t.call(fx.owner, 'settings.update', { deskPayLater: true });
    const later = await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'pay_later' });
    expect(later).toMatchObject({
      result: 'pay_later',
      message: 'Active now. Invoice INV-00001 ($36.00) is due by 2026-03-09.',
      sale: { status: 'completed', outcome: 'pay_later', subscriptionStatus: 'active', amountDue: 3600 },
    });
    const sub = await fx.t.call(fx.owner, 'subscriptions.get', { id: sale.subscriptionId });
    // Paid at the desk later: the scheduler must not charge the card for it.
    expect(sub.collection).toBe('manual');
    await fx.t.core.scheduler.runDue();
    expect(intents(fx)).toHaveLength(0);
    expect((await fx.t.call(fx.owner, 'invoices.get', { id: sale.invoiceId! })).status).toBe('open');
  });

  it('starts a trial with nothing to pay', async () => {
    const { fx } = await desk();
    f = fx;
    const planId = await fx.plan({ name: 'Trial plan', price: 5000, trialDays: 14 });
    const member = await fx.member();
    const preview = await fx.t.call(fx.owner, 'sales.preview', { memberId: member, planId });
    expect(preview).toMatchObject({
      status: 'trialing',
      amountDue: 0,
      lines: [],
      nextBillingDate: '2026-03-16',
    });
    const sale = await sell(fx, { memberId: member, planId });
    expect(sale).toMatchObject({
      status: 'completed',
      outcome: 'trial',
      subscriptionStatus: 'trialing',
      invoiceId: null,
      amountDue: 0,
    });
    const again = await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'cash' });
    expect(again.result).toBe('already_completed');
    expect(rowsOf(fx).payments).toBe(0);
  });

  it('completes a sale whose invoice is fully discounted at once', async () => {
    const { fx, planId } = await desk();
    f = fx;
    await fx.t.call(fx.owner, 'coupons.create', {
      code: 'FREE',
      kind: 'percent',
      percentBps: 10000,
      duration: 'once',
    });
    const sale = await sell(fx, { memberId: await fx.member(), planId, couponCode: 'FREE' });
    expect(sale).toMatchObject({
      status: 'completed',
      outcome: 'free',
      subscriptionStatus: 'active',
      total: 0,
    });
  });
});

describe('a sale left unpaid', () => {
  it('ends by itself after 23 hours: invoice voided, coupon released, subscription incomplete_expired', async () => {
    const { fx, planId } = await desk();
    f = fx;
    await fx.t.call(fx.owner, 'coupons.create', {
      code: 'ONLYONE',
      kind: 'fixed',
      amountOff: 500,
      duration: 'once',
      maxRedemptions: 1,
    });
    const member = await fx.member();
    await fx.addCard(member, 'pm_card_chargeDeclined');
    const sale = await sell(fx, { memberId: member, planId, couponCode: 'ONLYONE' });
    expect(sale.total).toBe(3000); // (30.00 − 5.00) + 20% tax
    await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' });
    const coupon = () => fx.t.database.db.select().from(coupons).where(eq(coupons.code, 'ONLYONE')).get()!;
    expect(coupon().redemptions).toBe(1);
    // Used up while the sale is open.
    const other = await fx.member();
    expect(
      (await fx.t.fail(fx.owner, 'sales.preview', { memberId: other, planId, couponCode: 'ONLYONE' }))
        .message,
    ).toBe('Coupon ONLYONE has been used up (1 times).');

    // 22 hours later (2026-03-03 15:00 UTC): still open.
    fx.t.clock.set(new Date('2026-03-03T15:00:00Z'));
    await fx.t.core.scheduler.runDue();
    expect(fx.t.database.db.select().from(sales).where(eq(sales.id, sale.id)).get()!.status).toBe('open');

    // 23 hours after the sale (16:00 UTC): it ends.
    fx.t.clock.set(new Date('2026-03-03T16:00:00Z'));
    await fx.t.core.scheduler.runDue();
    const owner = (
      await fx.t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
    ).token;
    const ended = await fx.t.call(owner, 'sales.get', { id: sale.id });
    expect(ended).toMatchObject({
      status: 'expired',
      subscriptionStatus: 'incomplete_expired',
      amountDue: 0,
      endReason: 'not paid within 23 hours',
      endedAt: '2026-03-03T16:00:00.000Z',
    });
    expect(ended.payments.map((p) => p.status)).toEqual(['failed']);
    expect(await fx.t.call(owner, 'invoices.get', { id: sale.invoiceId! })).toMatchObject({
      status: 'void',
      voidedAt: '2026-03-03T16:00:00.000Z',
    });
    expect(coupon().redemptions).toBe(0);
    const events = await fx.t.call(owner, 'subscriptions.events', { id: sale.subscriptionId });
    expect(events.slice(-3).map((e) => [e.type, e.effectiveDate])).toEqual([
      ['subscription.incomplete_expired', '2026-03-03'],
      ['invoice.voided', '2026-03-03'],
      ['coupon.released', '2026-03-03'],
    ]);
    // The coupon is free again, and the member may buy the plan again.
    const again = await fx.t.call(owner, 'sales.create', {
      memberId: member,
      planId,
      couponCode: 'ONLYONE',
      requestKey: key(),
    });
    expect(again).toMatchObject({ status: 'open', total: 3000 });
    await expect(fx.t.call(owner, 'sales.pay', { saleId: sale.id, method: 'cash' })).rejects.toThrow(
      'This sale ended unpaid after 23 hours. Start a new sale.',
    );
  });

  it('is never charged, renewed or dunned by the scheduler while it waits', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    await fx.addCard(member, 'pm_card_visa');
    const sale = await sell(fx, { memberId: member, planId });
    await fx.t.core.scheduler.runDue();
    // 22 hours on: the scheduler has charged every automatic invoice it would.
    fx.t.clock.set(new Date('2026-03-03T15:00:00Z'));
    await fx.t.core.scheduler.runDue();
    expect(intents(fx)).toHaveLength(0);
    expect(fx.t.database.db.select().from(subscriptions).get()!.status).toBe('incomplete');
    expect(sale.status).toBe('open');
  });

  it('is canceled at the desk at once, with the same effects', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const sale = await sell(fx, { memberId: await fx.member(), planId });
    const canceled = await fx.t.call(fx.owner, 'sales.cancel', { id: sale.id });
    expect(canceled).toMatchObject({ status: 'canceled', subscriptionStatus: 'incomplete_expired' });
    expect((await fx.t.call(fx.owner, 'invoices.get', { id: sale.invoiceId! })).status).toBe('void');
    expect((await fx.t.fail(fx.owner, 'sales.cancel', { id: sale.id })).message).toBe(
      'This sale has already ended.',
    );
  });
});

describe('a double click sells once', () => {
  it('returns the same sale for the same request key and records one payment', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    const requestKey = key();
    const [a, b] = await Promise.all([
      sell(fx, { memberId: member, planId }, requestKey),
      sell(fx, { memberId: member, planId }, requestKey),
    ]);
    expect(a.id).toBe(b.id);
    expect(rowsOf(fx)).toMatchObject({ sales: 1, subscriptions: 1, invoices: 1 });
    const [p1, p2] = await Promise.all([
      fx.t.call(fx.owner, 'sales.pay', { saleId: a.id, method: 'cash' }),
      fx.t.call(fx.owner, 'sales.pay', { saleId: a.id, method: 'cash' }),
    ]);
    expect([p1.result, p2.result].sort()).toEqual(['already_completed', 'paid']);
    expect(rowsOf(fx).payments).toBe(1);
  });

  it('charges a card once when pay is sent twice at the same moment', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    await fx.addCard(member, 'pm_card_visa');
    const sale = await sell(fx, { memberId: member, planId });
    const [r1, r2] = await Promise.all([
      fx.t.send(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' }),
      fx.t.send(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' }),
    ]);
    const oks = [r1, r2].filter((r) => r.ok);
    expect(oks).toHaveLength(1);
    const refused = [r1, r2].find((r) => !r.ok)!;
    expect(!refused.ok && refused.error.message).toBe(
      'A card charge for this invoice is already on its way. Wait a moment and look again.',
    );
    expect(intents(fx)).toHaveLength(1);
    const again = await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' });
    expect(again.result).toBe('already_completed');
    expect(intents(fx)).toHaveLength(1);
  });
});

describe('a card that needs the member (SCA)', () => {
  it('sends the payment page; the sale stays incomplete until the member paid there', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = (
      await fx.t.call(fx.owner, 'members.create', {
        firstName: 'Sca',
        lastName: 'Sale',
        email: 'sca@example.com',
      })
    ).id;
    await fx.addCard(member, 'pm_card_authenticationRequired');
    const sale = await sell(fx, { memberId: member, planId });
    const held = await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' });
    expect(held.result).toBe('requires_action');
    expect(held.message).toContain('wants the member to confirm $36.00');
    expect(held.sale).toMatchObject({
      status: 'open',
      subscriptionStatus: 'incomplete',
      paymentLink: { status: 'open', url: expect.stringContaining(fx.standin.url) },
    });
    const mail = (await fx.t.call(fx.owner, 'outbox.list', { memberId: member })) as unknown;
    expect(JSON.stringify(mail)).toContain('please confirm your payment');

    const session = [...fx.standin.state.checkoutSessions.values()].find((s) => s.mode === 'payment')!;
    fx.standin.completeCheckoutSession(session.id, 'pm_card_authenticationRequired');
    const done = await fx.t.call(fx.owner, 'sales.get', { id: sale.id });
    expect(done).toMatchObject({
      status: 'completed',
      outcome: 'paid',
      subscriptionStatus: 'active',
      amountDue: 0,
      paymentLink: { status: 'complete' },
    });
    expect(done.receiptPaymentId).toBe(done.payments.find((p) => p.status === 'succeeded')!.id);
  });
});

describe('money that arrives after a sale ended', () => {
  it('becomes the member’s credit when the SCA page is paid after the 23 hours', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    await fx.addCard(member, 'pm_card_authenticationRequired');
    const sale = await sell(fx, { memberId: member, planId });
    expect((await fx.t.call(fx.owner, 'sales.pay', { saleId: sale.id, method: 'card' })).result).toBe(
      'requires_action',
    );
    fx.t.clock.set(new Date('2026-03-03T16:30:00Z'));
    await fx.t.core.scheduler.runDue();
    const owner = (
      await fx.t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
    ).token;
    expect(await fx.t.call(owner, 'sales.get', { id: sale.id })).toMatchObject({
      status: 'expired',
      subscriptionStatus: 'incomplete_expired',
    });
    // The member pays on the page a few minutes later: the money is theirs, as credit.
    const session = [...fx.standin.state.checkoutSessions.values()].find((s) => s.mode === 'payment')!;
    fx.standin.completeCheckoutSession(session.id, 'pm_card_authenticationRequired');
    await fx.t.core.scheduler.runDue();
    expect(await fx.t.call(owner, 'billing.memberSummary', { memberId: member })).toMatchObject({
      balance: 3600,
      openInvoices: 0,
    });
    expect((await fx.t.call(owner, 'sales.get', { id: sale.id })).subscriptionStatus).toBe(
      'incomplete_expired',
    );
  });

  it('credits desk money already on the invoice when the sale ends', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    const sale = await sell(fx, { memberId: member, planId });
    await fx.t.call(fx.owner, 'payments.record', {
      invoiceId: sale.invoiceId!,
      amount: 1000,
      method: 'cash',
    });
    const ended = await fx.t.call(fx.owner, 'sales.cancel', { id: sale.id, reason: 'changed their mind' });
    expect(ended).toMatchObject({
      status: 'canceled',
      subscriptionStatus: 'incomplete_expired',
      amountDue: 0,
    });
    expect(await fx.t.call(fx.owner, 'billing.memberSummary', { memberId: member })).toMatchObject({
      balance: 1000,
      openInvoices: 0,
    });
    const notes = await fx.t.call(fx.owner, 'creditNotes.list', { invoiceId: sale.invoiceId! });
    expect(notes.map((n) => [n.amount, n.reason])).toEqual([[3600, 'changed their mind']]);
  });
});

describe('bad input changes nothing', () => {
  it('refuses an archived plan, a plan held, an unknown coupon and a new member without a name', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const member = await fx.member();
    const archived = await fx.plan({ name: 'Old plan' });
    await fx.t.call(fx.owner, 'plans.archive', { id: archived });
    const before = rowsOf(fx);

    const a = await fx.t.fail(fx.owner, 'sales.create', {
      memberId: member,
      planId: archived,
      requestKey: key(),
    });
    expect(a).toMatchObject({
      code: 'CONFLICT',
      message: 'Old plan is archived and takes no new subscribers.',
      fields: { planId: 'Archived plan' },
    });
    const c = await fx.t.fail(fx.owner, 'sales.create', {
      memberId: member,
      planId,
      couponCode: 'NOPE',
      requestKey: key(),
    });
    expect(c).toMatchObject({
      code: 'VALIDATION',
      message: 'There is no coupon NOPE.',
      fields: { couponCode: 'There is no coupon NOPE.' },
    });
    const n = await fx.t.fail(fx.owner, 'sales.create', {
      newMember: { firstName: '', lastName: 'Nobody' },
      planId,
      requestKey: key(),
    });
    expect(n).toMatchObject({ code: 'VALIDATION', fields: { 'newMember.firstName': 'Enter first name' } });
    const neither = await fx.t.fail(fx.owner, 'sales.preview', { planId });
    expect(neither.fields).toEqual({ memberId: 'Choose a member, or enter a new one' });
    expect(rowsOf(fx)).toEqual(before);

    // Held while waiting for payment, and held once active.
    const open = await sell(fx, { memberId: member, planId });
    const held = await fx.t.fail(fx.owner, 'sales.create', { memberId: member, planId, requestKey: key() });
    expect(held.message).toBe(
      'This member already has an unpaid sale of this plan. Take its payment or cancel it first.',
    );
    await fx.t.call(fx.owner, 'sales.pay', { saleId: open.id, method: 'cash' });
    const active = await fx.t.fail(fx.owner, 'sales.preview', { memberId: member, planId });
    expect(active.message).toBe('This member already has a live subscription to this plan.');
    expect(rowsOf(fx)).toMatchObject({ subscriptions: before.subscriptions + 1, sales: 1 });
  });

  it('does not let an incomplete subscription be canceled, paused or changed around the sale', async () => {
    const { fx, planId } = await desk();
    f = fx;
    const sale = await sell(fx, { memberId: await fx.member(), planId });
    const cancel = await fx.t.fail(fx.owner, 'subscriptions.cancel', {
      id: sale.subscriptionId,
      when: 'now',
      reason: 'x',
    });
    expect(cancel.message).toBe(
      'This subscription is waiting for its first payment, so it cannot be canceled.',
    );
    expect(
      (await fx.t.fail(fx.owner, 'subscriptions.pause', { id: sale.subscriptionId, days: 5, reason: 'x' }))
        .code,
    ).toBe('CONFLICT');
  });
});
