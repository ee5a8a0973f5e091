/**
 * The Stripe stand-in, driven only through the real stripe-node client (pages through fetch, as a
 * browser would): what Recur relies on must behave like Stripe, or these tests say where not.
 */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeStandin, stripeClient, type StripeStandin } from '../support/stripe-standin';

let standin: StripeStandin;
let stripe: Stripe;
/** The stand-in's clock (ms); tests move it to get distinct `created` seconds. */
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 1, 9, 0, 0);
  standin = await startStripeStandin({ now: () => clock });
  stripe = stripeClient(standin);
});

afterEach(async () => {
  await standin.close();
});

/** The error a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (e) {
    return e as Stripe.errors.StripeError;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

/** A customer with a card saved through Checkout, as Recur does it. */
async function memberWithCard(
  card = 'pm_card_visa',
): Promise<{ customer: Stripe.Customer; paymentMethod: string }> {
  const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada Lovelace' });
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    customer: customer.id,
    currency: 'usd',
    success_url: 'https://recur.invalid/saved?session={CHECKOUT_SESSION_ID}',
  });
  standin.completeCheckoutSession(session.id, card);
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
  const setupIntent = done.setup_intent as Stripe.SetupIntent;
  return { customer, paymentMethod: setupIntent.payment_method as string };
}

function charge(
  customer: string,
  paymentMethod: string,
  key?: string,
  amount = 2500,
): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  const params: Stripe.PaymentIntentCreateParams = {
    amount,
    currency: 'usd',
    customer,
    payment_method: paymentMethod,
    off_session: true,
    confirm: true,
    description: 'Gold membership, March',
    metadata: { invoice: 'inv_1' },
  };
  // stripe-node throws "Unknown arguments" for an empty options object: pass none instead.
  return key
    ? stripe.paymentIntents.create(params, { idempotencyKey: key })
    : stripe.paymentIntents.create(params);
}

describe('customers and card capture through Checkout (setup mode)', () => {
  it('creates a session, completes it, and the saved card is readable and attached', async () => {
    const customer = await stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      metadata: { member: 'mem_1' },
    });
    expect(customer).toMatchObject({ object: 'customer', email: 'ada@example.com', livemode: false });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.metadata).toEqual({ member: 'mem_1' });
    const numeric = await stripe.customers.create({ metadata: { '0': 'first', '7': 'seventh' } });
    expect(numeric.metadata).toEqual({ '0': 'first', '7': 'seventh' });

    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: 'https://recur.invalid/saved',
      cancel_url: 'https://recur.invalid/cancel',
      metadata: { member: 'mem_1' },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'setup',
      status: 'open',
      customer: customer.id,
    });
    expect(session.url).toBe(`${standin.url}/pay/${session.id}`);
    expect(session.setup_intent).toMatch(/^seti_/);
    expect(session.expires_at - session.created).toBe(24 * 3600);

    const completed = standin.completeCheckoutSession(session.id, 'pm_card_visa');
    expect(completed.status).toBe('complete');

    const plain = await stripe.checkout.sessions.retrieve(session.id);
    expect(plain.status).toBe('complete');
    expect(plain.url).toBeNull();
    expect(typeof plain.setup_intent).toBe('string');

    const expanded = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['setup_intent.payment_method'],
    });
    const setupIntent = expanded.setup_intent as Stripe.SetupIntent;
    expect(setupIntent).toMatchObject({ object: 'setup_intent', status: 'succeeded', customer: customer.id });
    const pm = setupIntent.payment_method as Stripe.PaymentMethod;
    expect(pm.object).toBe('payment_method');
    expect(pm.customer).toBe(customer.id);
    expect(pm.card).toMatchObject({ brand: 'visa', last4: '4242', country: 'US' });
    expect(pm.card?.exp_year).toBeGreaterThan(2026);
    expect(pm.card?.exp_month).toBeGreaterThanOrEqual(1);

    const si = await stripe.setupIntents.retrieve(setupIntent.id);
    expect(si.payment_method).toBe(pm.id);
    expect((await stripe.paymentMethods.retrieve(pm.id)).card?.last4).toBe('4242');
    const listed = await stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data.map((p) => p.id)).toEqual([pm.id]);
    const listed2 = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(listed2.data.map((p) => p.id)).toEqual([pm.id]);

    const updated = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
      metadata: { member: '', plan: 'gold' },
    });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    expect(updated.metadata).toEqual({ plan: 'gold' });
    const again = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(again.invoice_settings.default_payment_method).toBe(pm.id);
  });

  it('refuses a default payment method that is not attached to the customer', async () => {
    const { paymentMethod } = await memberWithCard();
    const other = await stripe.customers.create({ email: 'bob@example.com' });
    const err = await failure(
      stripe.customers.update(other.id, { invoice_settings: { default_payment_method: paymentMethod } }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.param).toBe('invoice_settings[default_payment_method]');
  });

  it('detaching a card clears it as default, and a detached card cannot be charged', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: paymentMethod },
    });
    const detached = await stripe.paymentMethods.detach(paymentMethod);
    expect(detached.customer).toBeNull();
    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    const err = await failure(charge(customer.id, paymentMethod));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.param).toBe('payment_method');
  });

  it('serves a Checkout page whose form saves the chosen test card and redirects to success_url', async () => {
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      payment_method_types: ['card'],
      success_url: 'https://recur.invalid/saved?session={CHECKOUT_SESSION_ID}',
    });
    const page = await fetch(session.url as string);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="save-card"');
    expect(html).toContain('ada@example.com');

    const submitted = await fetch(session.url as string, {
      method: 'POST',
      body: new URLSearchParams({ card: 'pm_card_visa', card_number: '4000 0000 0000 9995' }),
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`https://recur.invalid/saved?session=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['setup_intent.payment_method'],
    });
    expect(done.status).toBe('complete');
    const pm = (done.setup_intent as Stripe.SetupIntent).payment_method as Stripe.PaymentMethod;
    expect(pm.card?.last4).toBe('9995');
    const closed = await (await fetch(session.url ?? `${standin.url}/pay/${session.id}`)).text();
    expect(closed).toContain('data-status="complete"');
  });

  it('validates Checkout parameters like Stripe', async () => {
    const missingCurrency = await failure(stripe.checkout.sessions.create({ mode: 'setup' }));
    expect(missingCurrency).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missingCurrency.param).toBe('currency');
    const noSuchCustomer = await failure(
      stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: 'cus_nobody' }),
    );
    expect(noSuchCustomer.code).toBe('resource_missing');
    expect(noSuchCustomer.statusCode).toBe(400);
    const missing = await failure(stripe.checkout.sessions.retrieve('cs_test_nothing'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');
  });
});

describe('expired Checkout Sessions', () => {
  it('expires on request, through the API, and on its own after expires_at', async () => {
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const create = () =>
      stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, currency: 'usd' });

    const a = await create();
    expect(standin.expireCheckoutSession(a.id).status).toBe('expired');
    const readA = await stripe.checkout.sessions.retrieve(a.id, { expand: ['setup_intent'] });
    expect(readA.status).toBe('expired');
    expect(readA.url).toBeNull();
    expect((readA.setup_intent as Stripe.SetupIntent).status).toBe('canceled');
    expect(() => standin.completeCheckoutSession(a.id)).toThrow(/expired/);
    expect(
      (await fetch(`${standin.url}/pay/${a.id}`).then((r) => r.text())).includes('data-status="expired"'),
    ).toBe(true);

    const b = await create();
    const expired = await stripe.checkout.sessions.expire(b.id);
    expect(expired.status).toBe('expired');
    const twice = await failure(stripe.checkout.sessions.expire(b.id));
    expect(twice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    const c = await create();
    clock += 24 * 3600 * 1000;
    expect((await stripe.checkout.sessions.retrieve(c.id)).status).toBe('expired');
    const events = await stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data.map((e) => (e.data.object as Stripe.Checkout.Session).id).sort()).toEqual(
      [a.id, b.id, c.id].sort(),
    );
  });
});

describe('charging saved test cards off-session', () => {
  it.each([
    ['pm_card_visa', 'visa', '4242'],
    ['pm_card_mastercard', 'mastercard', '4444'],
  ])('%s succeeds', async (card, brand, last4) => {
    const { customer, paymentMethod } = await memberWithCard(card);
    const pi = await charge(customer.id, paymentMethod);
    expect(pi).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 2500,
      amount_received: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: paymentMethod,
      livemode: false,
      metadata: { invoice: 'inv_1' },
    });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.latest_charge).toMatch(/^ch_/);

    const withCharge = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    const ch = withCharge.latest_charge as Stripe.Charge;
    expect(ch).toMatchObject({ id: pi.latest_charge, status: 'succeeded', paid: true, amount_refunded: 0 });
    expect(ch.payment_method_details?.card).toMatchObject({ brand, last4 });
    const listed = await stripe.paymentIntents.list({
      customer: customer.id,
      expand: ['data.latest_charge'],
    });
    expect(listed.data.map((p) => p.id)).toEqual([pi.id]);
    expect((listed.data[0]?.latest_charge as Stripe.Charge).object).toBe('charge');
    const badExpand = await failure(stripe.paymentIntents.retrieve(pi.id, { expand: ['description'] }));
    expect(badExpand.param).toBe('expand');
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_authenticationRequired', 'authentication_required', 'authentication_required'],
  ])('%s is declined with %s / %s', async (card, code, declineCode) => {
    const { customer, paymentMethod } = await memberWithCard(card);
    const err = await failure(charge(customer.id, paymentMethod));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe(code);
    expect(err.decline_code).toBe(declineCode);
    expect(err.message).toBeTruthy();
    expect(err.charge).toMatch(/^ch_/);
    const pi = err.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ type: 'card_error', code, decline_code: declineCode });
    expect((pi.last_payment_error?.payment_method as Stripe.PaymentMethod).id).toBe(paymentMethod);

    const stored = await stripe.paymentIntents.retrieve(pi.id);
    expect(stored.status).toBe('requires_payment_method');
    expect(stored.amount_received).toBe(0);
    const failed = await stripe.events.list({ type: 'payment_intent.payment_failed' });
    expect(failed.data.map((e) => (e.data.object as Stripe.PaymentIntent).id)).toEqual([pi.id]);
  });

  it('a card needing 3-D Secure goes to requires_action on-session, and succeeds once authenticated', async () => {
    const { customer, paymentMethod } = await memberWithCard('pm_card_authenticationRequired');
    const pi = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: paymentMethod,
      confirm: true,
      return_url: 'https://recur.invalid/paid',
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('redirect_to_url');
    const url = pi.next_action?.redirect_to_url?.url as string;
    expect(url.startsWith(standin.url)).toBe(true);

    const answer = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ result: 'succeed' }),
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`https://recur.invalid/paid?payment_intent=${pi.id}`);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('a test token can be charged directly, and confirm works on a created PaymentIntent', async () => {
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const draft = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: customer.id,
    });
    expect(draft.status).toBe('requires_payment_method');
    const confirmed = await stripe.paymentIntents.confirm(draft.id, {
      payment_method: 'pm_card_visa',
      off_session: true,
    });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.payment_method).toMatch(/^pm_/);
    const again = await failure(stripe.paymentIntents.confirm(draft.id));
    expect(again.code).toBe('payment_intent_unexpected_state');
  });

  it('refuses unknown parameters and amounts below the minimum', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const unknown = await failure(
      stripe.paymentIntents.create({
        amount: 2500,
        currency: 'usd',
        customer: customer.id,
        payment_method: paymentMethod,
        confirm: true,
        offSession: true,
      } as unknown as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown.code).toBe('parameter_unknown');
    expect(unknown.param).toBe('offSession');
    const small = await failure(charge(customer.id, paymentMethod, undefined, 20));
    expect(small.code).toBe('amount_too_small');
    expect(standin.state.paymentIntents.size).toBe(0);
  });
});

describe('idempotency', () => {
  it('the same key with the same parameters returns the same stored answer and charges once', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const first = await charge(customer.id, paymentMethod, 'renewal:sub_1:2026-03-01:1');
    const second = await charge(customer.id, paymentMethod, 'renewal:sub_1:2026-03-01:1');
    expect(second.id).toBe(first.id);
    expect(second.latest_charge).toBe(first.latest_charge);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect((await stripe.paymentIntents.list({ customer: customer.id })).data).toHaveLength(1);
    expect(standin.state.charges.size).toBe(1);
  });

  it('the same key with other parameters is an idempotency error', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    await charge(customer.id, paymentMethod, 'key-1', 2500);
    const err = await failure(charge(customer.id, paymentMethod, 'key-1', 2600));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/can only be used with the same parameters they were first used with/);
    const otherEndpoint = await failure(
      stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'key-1' }),
    );
    expect(otherEndpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(standin.state.paymentIntents.size).toBe(1);
  });

  it('a decline is stored too: the same key answers the same 402 without a second attempt', async () => {
    const { customer, paymentMethod } = await memberWithCard('pm_card_chargeDeclinedInsufficientFunds');
    const first = await failure(charge(customer.id, paymentMethod, 'attempt-1'));
    const second = await failure(charge(customer.id, paymentMethod, 'attempt-1'));
    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(standin.state.charges.size).toBe(1);
  });

  it('a request refused for invalid parameters is not stored, so the key can be used again', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const bad = await failure(charge(customer.id, paymentMethod, 'key-2', 10));
    expect(bad.code).toBe('amount_too_small');
    const good = await charge(customer.id, paymentMethod, 'key-2', 2500);
    expect(good.status).toBe('succeeded');
  });

  it('keys are per secret key', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const other = stripeClient(standin, 'sk_test_other_key');
    const a = await charge(customer.id, paymentMethod, 'shared');
    const b = await other.paymentIntents.create(
      {
        amount: 2500,
        currency: 'usd',
        customer: customer.id,
        payment_method: paymentMethod,
        off_session: true,
        confirm: true,
        description: 'Gold membership, March',
        metadata: { invoice: 'inv_1' },
      },
      { idempotencyKey: 'shared' },
    );
    expect(b.id).not.toBe(a.id);
  });

  it('a concurrent request with a key still in flight gets 409', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    standin.options.latencyMs = 80;
    const results = await Promise.allSettled([
      charge(customer.id, paymentMethod, 'busy'),
      charge(customer.id, paymentMethod, 'busy'),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const reason = (rejected[0] as PromiseRejectedResult).reason as Stripe.errors.StripeError;
    expect(reason).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(reason.statusCode).toBe(409);
    expect(standin.state.paymentIntents.size).toBe(1);
  });
});

describe('refunds', () => {
  it('refunds partially, then the rest, and refuses more than what is left', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const pi = await charge(customer.id, paymentMethod, undefined, 2000);

    const partial = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 500,
      reason: 'requested_by_customer',
      metadata: { invoice: 'inv_1' },
    });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 500,
      status: 'succeeded',
      payment_intent: pi.id,
      charge: pi.latest_charge,
      reason: 'requested_by_customer',
      metadata: { invoice: 'inv_1' },
    });
    expect(partial.id).toMatch(/^re_/);
    let ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(ch).toMatchObject({ amount_refunded: 500, refunded: false });

    const over = await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 1600 }));
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over.statusCode).toBe(400);
    expect(over.message).toBe('Refund amount ($16.00) is greater than unrefunded amount on charge ($15.00)');
    expect(over.param).toBe('amount');

    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(1500);
    ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(ch).toMatchObject({ amount_refunded: 2000, refunded: true });

    const none = await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(none.code).toBe('charge_already_refunded');
    expect((await stripe.refunds.retrieve(partial.id)).amount).toBe(500);
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
  });

  it('a refund made in the dashboard shows up in the API and in events', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const pi = await charge(customer.id, paymentMethod, undefined, 2000);
    const dashboard = standin.createDashboardRefund(pi.id, 700);
    expect(dashboard.amount).toBe(700);
    const over = await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 1500 }));
    expect(over.message).toMatch(/greater than unrefunded amount on charge \(\$13\.00\)/);
    const events = await stripe.events.list({ types: ['charge.refunded'] });
    expect(events.data).toHaveLength(1);
    const ev = events.data[0] as Stripe.Event;
    expect((ev.data.object as Stripe.Charge).amount_refunded).toBe(700);
    expect(ev.data.previous_attributes).toEqual({ amount_refunded: 0 });
    expect(() => standin.createDashboardRefund(pi.id, 5000)).toThrow(/greater than unrefunded amount/);
  });

  it('a disputed payment cannot be refunded and records charge.dispute.created', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const pi = await charge(customer.id, paymentMethod);
    const dispute = standin.createDispute(pi.id);
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 2500,
      payment_intent: pi.id,
      status: 'needs_response',
    });
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(true);
    const err = await failure(stripe.refunds.create({ payment_intent: pi.id }));
    expect(err.code).toBe('charge_disputed');
    const events = await stripe.events.list({ type: 'charge.dispute.*' });
    expect(events.data.map((e) => e.type)).toEqual(['charge.dispute.created']);
    expect((events.data[0]?.data.object as Stripe.Dispute).id).toBe(dispute.id);
  });
});

describe('events', () => {
  it('lists newest first, filters by type and created, and paginates with starting_after', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    const start = Math.floor(clock / 1000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock += 60_000;
      ids.push((await charge(customer.id, paymentMethod, `k${i}`, 1000 + i)).id);
    }
    const succeeded = await stripe.events.list({ types: ['payment_intent.succeeded'], limit: 2 });
    expect(succeeded.object).toBe('list');
    expect(succeeded.has_more).toBe(true);
    const idsOf = (events: Stripe.Event[]) => events.map((e) => (e.data.object as Stripe.PaymentIntent).id);
    expect(idsOf(succeeded.data)).toEqual([ids[4], ids[3]]);
    expect(succeeded.data[0]!.created).toBeGreaterThan(succeeded.data[1]!.created);

    const page2 = await stripe.events.list({
      types: ['payment_intent.succeeded'],
      limit: 2,
      starting_after: succeeded.data[1]!.id,
    });
    expect(idsOf(page2.data)).toEqual([ids[2], ids[1]]);
    expect(page2.has_more).toBe(true);
    const page3 = await stripe.events.list({
      types: ['payment_intent.succeeded'],
      limit: 2,
      starting_after: page2.data[1]!.id,
    });
    expect(idsOf(page3.data)).toEqual([ids[0]]);
    expect(page3.has_more).toBe(false);

    const all = await stripe.events
      .list({ types: ['payment_intent.succeeded'] })
      .autoPagingToArray({ limit: 100 });
    expect(idsOf(all)).toEqual([...ids].reverse());

    const recent = await stripe.events.list({
      types: ['payment_intent.succeeded', 'charge.succeeded'],
      created: { gte: start + 240 },
    });
    expect(recent.data.map((e) => e.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.succeeded',
    ]);

    const setup = await stripe.events.list({
      types: ['checkout.session.completed', 'setup_intent.succeeded'],
    });
    expect(setup.data.map((e) => e.type).sort()).toEqual([
      'checkout.session.completed',
      'setup_intent.succeeded',
    ]);
    const ev = await stripe.events.retrieve(succeeded.data[0]!.id);
    expect(ev).toMatchObject({ object: 'event', type: 'payment_intent.succeeded', livemode: false });
    expect(ev.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: 'k4' });
    const bad = await failure(stripe.events.list({ starting_after: 'evt_missing' }));
    expect(bad.code).toBe('resource_missing');
  });
});

describe('faults', () => {
  it('latencyMs delays every answer and can be switched off', async () => {
    standin.options.latencyMs = 150;
    let t = performance.now();
    await stripe.balance.retrieve();
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
    standin.options.latencyMs = 0;
    t = performance.now();
    await stripe.balance.retrieve();
    expect(performance.now() - t).toBeLessThan(140);
  });

  it('a client timeout during latency: the client gives up, Stripe still performs the charge', async () => {
    const { customer, paymentMethod } = await memberWithCard();
    standin.options.latencyMs = 150;
    const impatient = stripeClient(standin, 'sk_test_standin', { timeout: 50 });
    const err = await failure(
      impatient.paymentIntents.create(
        {
          amount: 2500,
          currency: 'usd',
          customer: customer.id,
          payment_method: paymentMethod,
          off_session: true,
          confirm: true,
        },
        { idempotencyKey: 'slow' },
      ),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await new Promise((r) => setTimeout(r, 200));
    expect([...standin.state.paymentIntents.values()].map((p) => p.status)).toEqual(['succeeded']);
  });

  it("failNext(n, '500') answers api_error without performing, then recovers", async () => {
    const { customer, paymentMethod } = await memberWithCard();
    standin.options.failNext(1, '500');
    const err = await failure(charge(customer.id, paymentMethod, 'key-500'));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err.statusCode).toBe(500);
    expect(standin.state.paymentIntents.size).toBe(0);
    const ok = await charge(customer.id, paymentMethod, 'key-500');
    expect(ok.status).toBe('succeeded');
    expect(standin.options.pendingFaults).toBe(0);
  });

  it('faults can be limited to a method and path', async () => {
    standin.options.failNext(1, '500', { method: 'POST', path: /^\/v1\/payment_intents/ });
    await stripe.balance.retrieve();
    const customer = await stripe.customers.create({ email: 'x@example.com' });
    expect(customer.id).toMatch(/^cus_/);
    const err = await failure(
      stripe.paymentIntents.create({
        amount: 2500,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
  });

  it("'drop' loses the request: a connection error, and nothing was created", async () => {
    const { customer, paymentMethod } = await memberWithCard();
    // stripe-node silently repeats a request once after ECONNRESET even with maxNetworkRetries: 0,
    // so losing the request for the app means losing both attempts.
    standin.options.failNext(2, 'drop');
    const err = await failure(charge(customer.id, paymentMethod, 'key-drop'));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(standin.state.paymentIntents.size).toBe(0);
    const attempts = standin.requestLog.filter((r) => r.path === '/v1/payment_intents');
    expect(attempts.map((r) => [r.fault, r.status, r.idempotencyKey])).toEqual([
      ['drop', null, 'key-drop'],
      ['drop', null, 'key-drop'],
    ]);
    expect((await charge(customer.id, paymentMethod, 'key-drop')).status).toBe('succeeded');
  });

  it("'drop_after' loses the answer: a connection error, but the charge happened, and the same key returns it", async () => {
    const { customer, paymentMethod } = await memberWithCard();
    standin.options.failNext(2, 'drop_after');
    const err = await failure(charge(customer.id, paymentMethod, 'renewal:sub_9:2026-03-01:1'));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    const made = [...standin.state.paymentIntents.values()];
    expect(made.map((p) => p.status)).toEqual(['succeeded']);

    const recovered = await charge(customer.id, paymentMethod, 'renewal:sub_9:2026-03-01:1');
    expect(recovered.id).toBe(made[0]!.id);
    expect(recovered.status).toBe('succeeded');
    expect(recovered.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(standin.state.paymentIntents.size).toBe(1);
    expect(standin.state.charges.size).toBe(1);
  });

  it("without an idempotency key, stripe-node's silent retry after a lost answer charges twice", async () => {
    const { customer, paymentMethod } = await memberWithCard();
    standin.options.failNext(1, 'drop_after');
    const pi = await charge(customer.id, paymentMethod);
    expect(pi.status).toBe('succeeded');
    expect(standin.state.charges.size).toBe(2);
  });

  it("'hang' never answers: the client's timeout ends it, and nothing was performed", async () => {
    const { customer, paymentMethod } = await memberWithCard();
    standin.options.failNext(1, 'hang');
    const impatient = stripeClient(standin, 'sk_test_standin', { timeout: 100 });
    const err = await failure(
      impatient.paymentIntents.create({
        amount: 2500,
        currency: 'usd',
        customer: customer.id,
        payment_method: paymentMethod,
        off_session: true,
        confirm: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(err.message).toMatch(/timeout/);
    expect(standin.state.paymentIntents.size).toBe(0);
  });
});

describe('authentication and test connection', () => {
  it('accepts test secret keys and answers balance and account', async () => {
    const balance = await stripe.balance.retrieve();
    expect(balance.object).toBe('balance');
    expect(balance.livemode).toBe(false);
    const account = await stripe.accounts.retrieve();
    expect(account).toMatchObject({ object: 'account', charges_enabled: true });
    expect(standin.requestLog.at(-1)?.apiKey).toBe('sk_test_standin');
    expect(standin.requestLog.at(-1)?.stripeVersion).toBeTruthy();
  });

  it('refuses live keys (unless allowed), publishable keys, unknown keys and a missing key with 401', async () => {
    for (const key of ['sk_live_abcdef123456', 'pk_test_abcdef123456', 'not_a_key']) {
      const err = await failure(stripeClient(standin, key).balance.retrieve());
      expect(err, key).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(err.statusCode).toBe(401);
    }
    const live = await failure(stripeClient(standin, 'sk_live_abcdef123456').balance.retrieve());
    expect(live.message).toBe('Invalid API Key provided: sk_live_********3456');

    // stripe-node refuses to be built without a key, so a missing header can only come raw.
    const bare = await fetch(`${standin.url}/v1/balance`);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(
      /did not provide an API key/,
    );

    standin.options.allowLiveKeys = true;
    const balance = await stripeClient(standin, 'sk_live_abcdef123456').balance.retrieve();
    expect(balance.livemode).toBe(true);
  });

  it('only the configured keys when apiKeys is given', async () => {
    const strict = await startStripeStandin({ apiKeys: ['sk_test_recur_good'] });
    try {
      await expect(stripeClient(strict, 'sk_test_recur_good').balance.retrieve()).resolves.toMatchObject({
        object: 'balance',
      });
      const err = await failure(stripeClient(strict, 'sk_test_recur_bad').balance.retrieve());
      expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    } finally {
      await strict.close();
    }
  });

  it('answers unknown routes with a Stripe-shaped 404', async () => {
    const err = await failure(stripe.subscriptions.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.message).toMatch(/Unrecognized request URL \(GET: \/v1\/subscriptions\)/);
  });
});
