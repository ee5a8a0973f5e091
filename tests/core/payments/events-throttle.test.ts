import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { payments } from '../../../db/schema';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture;
afterEach(async () => {
  await f?.close();
});

/** Reads of Stripe's event list, as the stand-in saw them. */
const eventReads = () =>
  f.standin.requestLog.filter((r) => r.method === 'GET' && r.path === '/v1/events').length;

const later = (ms: number) => f.t.clock.set(new Date(f.t.clock.now().getTime() + ms));

describe("reading Stripe's events on a busy desk", () => {
  it('reads them once for several nudges in a minute, again after 5 minutes, and on every 15-minute run', async () => {
    f = await paymentsFixture('2026-03-02');
    await f.t.core.scheduler.runDue('start-up');
    expect(eventReads()).toBe(1);
    for (const trigger of ['work queued', 'polling', 'work queued', 'work queued', 'polling'] as const) {
      later(10_000);
      await f.t.core.scheduler.runDue(trigger);
    }
    expect(eventReads()).toBe(1);

    later(60_000); // 1 min 50 s after the read: a 15-minute run reads all the same
    await f.t.core.scheduler.runDue('every 15 minutes');
    expect(eventReads()).toBe(2);
    later(4 * 60_000 + 59_000);
    await f.t.core.scheduler.runDue('work queued');
    expect(eventReads()).toBe(2);
    later(1_000); // 5 minutes since the last read
    await f.t.core.scheduler.runDue('work queued');
    expect(eventReads()).toBe(3);
    for (const trigger of ['resume', 'start-up', 'midnight'] as const) {
      later(1_000);
      await f.t.core.scheduler.runDue(trigger);
    }
    expect(eventReads()).toBe(6);
  });

  it('settles a pending charge on the very next nudge, and reads events while one stays pending', async () => {
    f = await paymentsFixture('2026-03-02');
    const member = await f.member();
    await f.addCard(member, 'pm_card_visa');
    const sub = await f.t.call(f.owner, 'subscriptions.create', { memberId: member, planId: await f.plan() });
    const [invoice] = await f.invoicesOf(sub.id);
    await f.t.core.scheduler.runDue('start-up');
    expect(eventReads()).toBe(1);

    // Stripe unreachable during the charge: the attempt is left pending (the crash-safety path).
    f.standin.options.failNext(2, '500');
    await f.t.fail(f.owner, 'invoices.charge', { invoiceId: invoice!.id as number });
    const status = () =>
      f.t.database.db.select().from(payments).where(eq(payments.method, 'card')).get()!.status;
    expect(status()).toBe('pending');

    // Still unreachable for charges at the next nudge: it stays pending, so the events are read too.
    f.standin.options.failNext(2, '500', { path: /^\/v1\/payment_intents/ });
    later(5_000);
    await f.t.core.scheduler.runDue('work queued');
    expect(status()).toBe('pending');
    expect(eventReads()).toBe(2);

    // The nudge after: settled at once, and nothing left that needs the events.
    later(5_000);
    await f.t.core.scheduler.runDue('work queued');
    expect(status()).toBe('succeeded');
    expect((await f.invoicesOf(sub.id))[0]!.status).toBe('paid');
    expect(eventReads()).toBe(2);
  });
});
