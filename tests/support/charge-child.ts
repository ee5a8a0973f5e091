/**
 * A Recur core in its own process, killed with SIGKILL at a chosen step of the charge or refund
 * protocol (crash tests, DESIGN §6). Usage, from the test: node --import tsx charge-child.ts with
 * env RECUR_DB, RECUR_STRIPE_URL, CRASH_AT, ACTION (charge|refund|sale) and TARGET (invoice, payment or
 * sale id).
 */
import { openDatabase } from '../../db/open';
import { createCore } from '../../electron/core';
import { createTestClock } from '../../electron/core/clock';
import { createStripeGateway } from '../../electron/core/payments/gateways/stripe';
import { MIGRATIONS, memoryLogger, memoryPreferences, memorySecrets, OWNER } from './core';
import { TEST_KEY } from './payments';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

async function main() {
  const secrets = memorySecrets();
  secrets.set('stripeSecretKey', TEST_KEY);
  const clock = createTestClock(new Date(env('CLOCK')));
  const core = createCore({
    database: openDatabase({ file: env('RECUR_DB'), migrationsFolder: MIGRATIONS }),
    clock,
    logger: memoryLogger(),
    preferences: memoryPreferences(),
    secrets,
    cardGateway: (key) => createStripeGateway({ secretKey: key, apiUrl: env('RECUR_STRIPE_URL') }),
    faults: {
      reached(step) {
        // The hardest stop there is: no finally blocks, no flushing, mid-protocol.
        if (step === process.env.CRASH_AT) process.kill(process.pid, 'SIGKILL');
      },
    },
  });
  const login = await core.dispatch({ token: null }, 'auth.login', {
    email: OWNER.email,
    password: OWNER.password,
  });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  const token = (login.value as { token: string }).token;
  const target = Number(env('TARGET'));
  const action = env('ACTION');
  const r =
    action === 'sale'
      ? await core.dispatch({ token }, 'sales.pay', { saleId: target, method: 'card' })
      : action === 'charge'
        ? await core.dispatch({ token }, 'invoices.charge', { invoiceId: target })
        : await core.dispatch({ token }, 'refunds.create', {
            paymentId: target,
            amount: 1000,
            reason: 'Crash test',
          });
  process.stdout.write(JSON.stringify(r));
  core.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
