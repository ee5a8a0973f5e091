import { eq } from 'drizzle-orm';
import { cardSetups } from '../../db/schema';
import { createStripeGateway } from '../../electron/core/payments/gateways/stripe';
import { billingFixture, type BillingFixture } from './billing';
import { memorySecrets, type BuildCoreOptions } from './core';
import { startStripeStandin, type StripeStandin } from './stripe-standin';

export const TEST_KEY = 'sk_test_recurpayments';

export interface PaymentsFixture extends BillingFixture {
  standin: StripeStandin;
  /** Adds a card to the member through the real flow: a Checkout Session completed with this test card. */
  addCard(memberId: number, testCard?: string): Promise<number>;
  close(): Promise<void>;
}

/** A whole core whose card gateway is stripe-node talking to the Stripe stand-in on 127.0.0.1. */
export async function paymentsFixture(
  today = '2026-03-02',
  options: {
    faults?: BuildCoreOptions['faults'];
    mailer?: BuildCoreOptions['mailer'];
    smsGateway?: BuildCoreOptions['smsGateway'];
  } = {},
): Promise<PaymentsFixture> {
  // The stand-in keeps the same time as the core's test clock (Checkout expiry, event times).
  let now = () => Date.now();
  const standin = await startStripeStandin({ now: () => now() });
  const secrets = memorySecrets();
  secrets.set('stripeSecretKey', TEST_KEY);
  const f = await billingFixture(today, {
    secrets,
    cardGateway: (key) => createStripeGateway({ secretKey: key, apiUrl: standin.url }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.smsGateway ? { smsGateway: options.smsGateway } : {}),
  });
  now = () => f.t.clock.now().getTime();
  const fixture = f as PaymentsFixture;
  fixture.standin = standin;
  fixture.addCard = async (memberId, testCard = 'pm_card_visa') => {
    const setup = await f.t.call(f.owner, 'paymentMethods.startSetup', { memberId });
    const row = f.t.database.db.select().from(cardSetups).where(eq(cardSetups.id, setup.id)).get()!;
    standin.completeCheckoutSession(row.sessionId, testCard);
    const done = await f.t.call(f.owner, 'paymentMethods.setupStatus', { setupId: setup.id });
    if (done.status !== 'complete' || !done.paymentMethod) throw new Error(`card setup ended ${done.status}`);
    return done.paymentMethod.id;
  };
  fixture.close = async () => {
    f.t.close();
    await standin.close();
  };
  return fixture;
}
