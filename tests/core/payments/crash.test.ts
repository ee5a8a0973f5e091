import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSetups, creditNotes, gatewayCustomers, payments, refunds } from '../../../db/schema';
import { createStripeGateway } from '../../../electron/core/payments/gateways/stripe';
import { noon } from '../../support/billing';
import { buildCore, memorySecrets, setupOwner, type TestCore } from '../../support/core';
import { TEST_KEY } from '../../support/payments';
import { startStripeStandin, type StripeStandin } from '../../support/stripe-standin';

const CHILD = fileURLToPath(new URL('../../support/charge-child.ts', import.meta.url));
const TODAY = '2026-03-02';

let standin: StripeStandin;
let dir: string;
beforeAll(async () => {
  standin = await startStripeStandin();
  dir = mkdtempSync(join(tmpdir(), 'recur-crash-'));
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

/** A business with one member, a visa on file and one open invoice of 30.00, in a database file. */
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
  const sub = await t.call(owner, 'subscriptions.create', { memberId: member, planId: plan.id });
  const invoiceId = (await t.call(owner, 'invoices.list', { subscriptionId: sub.id })).items[0]!.id;
  t.close();
  return { file, invoiceId };
}

/** Runs the child until it exits or is killed; returns how it ended. */
function runChild(file: string, action: 'charge' | 'refund', target: number, crashAt: string) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        RECUR_DB: file,
        RECUR_STRIPE_URL: standin.url,
        CRASH_AT: crashAt,
        ACTION: action,
        TARGET: String(target),
        CLOCK: noon(TODAY).toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

/** This database's PaymentIntents at the stand-in (other tests' databases share it). */
const intentsOf = (t: TestCore) => {
  const customer = t.database.db.select().from(gatewayCustomers).get()!.customerId;
  return [...standin.state.paymentIntents.values()].filter((pi) => pi.customer === customer);
};

describe('a crash at any step of a charge charges once and loses nothing', () => {
  it.each(['charge:pending-written', 'charge:gateway-answered', 'charge:recorded'])(
    'killed at %s, then recovered',
    async (step) => {
      const { file, invoiceId } = await prepare(step.replace(/\W/g, '-'));
      const ended = await runChild(file, 'charge', invoiceId, step);
      expect(ended.signal, ended.out).toBe('SIGKILL');

      // The app starts again: recovery settles whatever was left pending, with the same key.
      const t = coreOn(file);
      const owner = (
        await t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
      ).token;
      await t.call(owner, 'gateway.reconcile', {});
      await t.call(owner, 'gateway.reconcile', {});

      expect(await t.call(owner, 'invoices.get', { id: invoiceId })).toMatchObject({
        status: 'paid',
        amountPaid: 3000,
        amountDue: 0,
      });
      const rows = t.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).all();
      expect(rows.map((p) => [p.status, p.amount, p.attempt])).toEqual([['succeeded', 3000, 1]]);
      const intents = intentsOf(t);
      expect(intents).toHaveLength(1);
      expect(intents[0]).toMatchObject({ status: 'succeeded', amount: 3000 });
      t.close();
    },
    60_000,
  );
});

describe('a crash during a card refund refunds once and records it once', () => {
  it.each(['refund:pending-written', 'refund:gateway-answered'])(
    'killed at %s, then recovered',
    async (step) => {
      const { file, invoiceId } = await prepare(`refund-${step.replace(/\W/g, '-')}`);
      const t0 = coreOn(file);
      const owner0 = (
        await t0.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
      ).token;
      const charged = await t0.call(owner0, 'invoices.charge', { invoiceId });
      t0.close();

      const ended = await runChild(file, 'refund', charged.payment.id, step);
      expect(ended.signal, ended.out).toBe('SIGKILL');

      const t = coreOn(file);
      const owner = (
        await t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
      ).token;
      await t.call(owner, 'gateway.reconcile', {});
      await t.call(owner, 'gateway.reconcile', {});
      const gatewayId = charged.payment.id;
      const recorded = t.database.db.select().from(refunds).where(eq(refunds.paymentId, gatewayId)).all();
      expect(recorded.map((r) => [r.status, r.amount])).toEqual([['succeeded', 1000]]);
      expect(
        t.database.db
          .select()
          .from(creditNotes)
          .all()
          .map((n) => [n.amount, n.destination]),
      ).toEqual([[1000, 'refund']]);
      const [intent] = intentsOf(t);
      const atStripe = [...standin.state.refunds.values()].filter((r) => r.payment_intent === intent!.id);
      expect(atStripe.map((r) => r.amount)).toEqual([1000]);
      expect((await t.call(owner, 'invoices.get', { id: invoiceId })).amountRefunded).toBe(1000);
      t.close();
    },
    60_000,
  );
});
