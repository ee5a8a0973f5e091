import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSetups, gatewayCustomers, payments } from '../../../db/schema';
import { createStripeGateway } from '../../../electron/core/payments/gateways/stripe';
import { noon } from '../../support/billing';
import { buildCore, memorySecrets, OWNER, setupOwner, type TestCore } from '../../support/core';
import { TEST_KEY } from '../../support/payments';
import { startStripeStandin, type StripeStandin } from '../../support/stripe-standin';

const CHILD = fileURLToPath(new URL('../../support/charge-child.ts', import.meta.url));
const TODAY = '2026-03-02';

let standin: StripeStandin;
let dir: string;
beforeAll(async () => {
  standin = await startStripeStandin();
  dir = mkdtempSync(join(tmpdir(), 'recur-sale-crash-'));
});
afterAll(async () => {
  await standin.close();
  rmSync(dir, { recursive: true, force: true });
});

function coreOn(file: string): TestCore {
  const secrets = memorySecrets();
  secrets.set('stripeSecretKey', TEST_KEY);
  return buildCore({
    file,
    start: noon(TODAY),
    secrets,
    cardGateway: (key) => createStripeGateway({ secretKey: key, apiUrl: standin.url }),
  });
}

/** A member with a visa on file and an open desk sale of 30.00, in a database file. */
async function prepare(name: string) {
  const file = join(dir, `${name}.sqlite`);
  const t = coreOn(file);
  const owner = await setupOwner(t);
  const member = (await t.call(owner, 'members.create', { firstName: 'Crash', lastName: name })).id;
  const setup = await t.call(owner, 'paymentMethods.startSetup', { memberId: member });
  const session = t.database.db.select().from(cardSetups).where(eq(cardSetups.id, setup.id)).get()!;
  standin.completeCheckoutSession(session.sessionId, 'pm_card_visa');
  await t.call(owner, 'paymentMethods.setupStatus', { setupId: setup.id });
  const plan = await t.call(owner, 'plans.create', {
    name: 'Monthly',
    price: 3000,
    currency: 'USD',
    interval: 'month',
    intervalCount: 1,
  });
  const sale = await t.call(owner, 'sales.create', {
    memberId: member,
    planId: plan.id,
    requestKey: `crash-${name}`,
  });
  t.close();
  return { file, sale };
}

function runChild(file: string, saleId: number, crashAt: string) {
  return new Promise<{ signal: NodeJS.Signals | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        RECUR_DB: file,
        RECUR_STRIPE_URL: standin.url,
        CRASH_AT: crashAt,
        ACTION: 'sale',
        TARGET: String(saleId),
        CLOCK: noon(TODAY).toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (_code, signal) => resolve({ signal, out }));
  });
}

describe('a crash while a sale is charged charges once and activates once', () => {
  it.each(['charge:pending-written', 'charge:gateway-answered', 'charge:recorded'])(
    'killed at %s, then recovered',
    async (step) => {
      const { file, sale } = await prepare(step.replace(/\W/g, '-'));
      const ended = await runChild(file, sale.id, step);
      expect(ended.signal, ended.out).toBe('SIGKILL');

      const t = coreOn(file);
      const owner = (await t.call(null, 'auth.login', { email: OWNER.email, password: OWNER.password }))
        .token;
      // Until recovery knows the answer the sale cannot be ended under the charge in flight.
      if (step === 'charge:pending-written' || step === 'charge:gateway-answered') {
        expect((await t.fail(owner, 'sales.cancel', { id: sale.id })).message).toContain('on its way');
      }
      await t.call(owner, 'gateway.reconcile', {});
      await t.call(owner, 'gateway.reconcile', {});

      expect(await t.call(owner, 'sales.get', { id: sale.id })).toMatchObject({
        status: 'completed',
        outcome: 'paid',
        subscriptionStatus: 'active',
        amountDue: 0,
      });
      const rows = t.database.db.select().from(payments).where(eq(payments.invoiceId, sale.invoiceId!)).all();
      expect(rows.map((p) => [p.status, p.amount])).toEqual([['succeeded', 3000]]);
      const customer = t.database.db.select().from(gatewayCustomers).get()!.customerId;
      const intents = [...standin.state.paymentIntents.values()].filter((pi) => pi.customer === customer);
      expect(intents.map((i) => [i.status, i.amount])).toEqual([['succeeded', 3000]]);
      const events = await t.call(owner, 'subscriptions.events', { id: sale.subscriptionId });
      expect(events.filter((e) => e.type === 'subscription.activated')).toHaveLength(1);
      t.close();
    },
    60_000,
  );
});
