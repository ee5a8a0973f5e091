/**
 * The harness of the crash tests (DESIGN §6): a database file per test, a core on it whose cards go
 * to one Stripe stand-in, and the child process (charge-child.ts) killed with SIGKILL at a step.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { cardSetups, gatewayCustomers } from '../../db/schema';
import { createStripeGateway } from '../../electron/core/payments/gateways/stripe';
import { noon } from './billing';
import { buildCore, memorySecrets, OWNER, setupOwner, type TestCore } from './core';
import { TEST_KEY } from './payments';
import { startStripeStandin, type StripeStandin } from './stripe-standin';

const CHILD = fileURLToPath(new URL('./charge-child.ts', import.meta.url));
export const CRASH_DAY = '2026-03-02';

export interface CrashHarness {
  /** The stand-in all the tests' databases share (set before the first test). */
  readonly standin: StripeStandin;
  /** A core on the database file, as the app would open it again after the crash. */
  coreOn(file: string): TestCore;
  /** A new database file with the owner, one member with a visa on file and a 30.00 monthly plan. */
  memberWithCard(
    name: string,
  ): Promise<{ file: string; t: TestCore; owner: string; member: number; planId: number }>;
  /** Runs the child until it exits or is killed; answers how it ended and what it printed. */
  runChild(
    file: string,
    action: 'charge' | 'refund' | 'sale',
    target: number,
    crashAt: string,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>;
}

/** The owner signs in again, as after a restart. */
export const signIn = async (t: TestCore) =>
  (await t.call(null, 'auth.login', { email: OWNER.email, password: OWNER.password })).token;

/** This database's PaymentIntents at the shared stand-in. */
export function intentsOf(standin: StripeStandin, t: TestCore) {
  const customer = t.database.db.select().from(gatewayCustomers).get()!.customerId;
  return [...standin.state.paymentIntents.values()].filter((pi) => pi.customer === customer);
}

/** Call at the top of a crash test file: starts the stand-in and a temporary folder, and ends them. */
export function crashHarness(folderPrefix: string): CrashHarness {
  let standin: StripeStandin | undefined;
  let dir = '';
  beforeAll(async () => {
    standin = await startStripeStandin();
    dir = mkdtempSync(join(tmpdir(), folderPrefix));
  });
  afterAll(async () => {
    await standin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const harness: CrashHarness = {
    get standin() {
      if (!standin) throw new Error('The crash harness starts in beforeAll');
      return standin;
    },
    coreOn(file) {
      const secrets = memorySecrets();
      secrets.set('stripeSecretKey', TEST_KEY);
      const url = harness.standin.url;
      return buildCore({
        file,
        start: noon(CRASH_DAY),
        secrets,
        cardGateway: (key) => createStripeGateway({ secretKey: key, apiUrl: url }),
      });
    },
    async memberWithCard(name) {
      const file = join(dir, `${name}.sqlite`);
      const t = harness.coreOn(file);
      const owner = await setupOwner(t);
      const member = (await t.call(owner, 'members.create', { firstName: 'Crash', lastName: name })).id;
      const setup = await t.call(owner, 'paymentMethods.startSetup', { memberId: member });
      const session = t.database.db.select().from(cardSetups).where(eq(cardSetups.id, setup.id)).get()!;
      harness.standin.completeCheckoutSession(session.sessionId, 'pm_card_visa');
      await t.call(owner, 'paymentMethods.setupStatus', { setupId: setup.id });
      const plan = await t.call(owner, 'plans.create', {
        name: 'Monthly',
        price: 3000,
        currency: 'USD',
        interval: 'month',
        intervalCount: 1,
      });
      return { file, t, owner, member, planId: plan.id };
    },
    runChild(file, action, target, crashAt) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
          env: {
            ...process.env,
            RECUR_DB: file,
            RECUR_STRIPE_URL: harness.standin.url,
            CRASH_AT: crashAt,
            ACTION: action,
            TARGET: String(target),
            CLOCK: noon(CRASH_DAY).toISOString(),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code, signal) => resolve({ code, signal, out }));
      });
    },
  };
  return harness;
}
