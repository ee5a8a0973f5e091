import { and, asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, paymentLinks } from '../../../db/schema';
import { LINK_FRESH_MS } from '../../../electron/core/dunning/job';
import { OWNER } from '../../support/core';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';

let f: PaymentsFixture;
afterEach(async () => {
  await f?.close();
});

/** A member with an email and a card that is always declined, on an automatic monthly plan. */
async function debtor() {
  const m = await f.t.call(f.owner, 'members.create', {
    firstName: 'Dana',
    lastName: 'Debtor',
    email: 'dana@example.test',
  });
  await f.addCard(m.id, 'pm_card_chargeCustomerFail');
  const plan = await f.plan();
  await f.t.call(f.owner, 'subscriptions.create', { memberId: m.id, planId: plan, collection: 'automatic' });
  await f.t.core.scheduler.runDue(); // the first charge, declined
  return m.id;
}

/** The Checkout session named in each message of `topic`, oldest first. */
const linksSent = (memberId: number, topic: string) =>
  f.t.database.db
    .select({ body: outbox.body })
    .from(outbox)
    .where(and(eq(outbox.memberId, memberId), eq(outbox.topic, topic)))
    .orderBy(asc(outbox.id))
    .all()
    .map((r) => /\/pay\/(cs_\w+)/.exec(r.body)?.[1] ?? 'no link');

const linkRow = (sessionId: string) =>
  f.t.database.db.select().from(paymentLinks).where(eq(paymentLinks.sessionId, sessionId)).get()!;

/** What the member sees on opening the link: the stand-in's Checkout page says open or expired. */
const pageStatus = async (sessionId: string) => {
  const html = await (await fetch(`${f.standin.url}/pay/${sessionId}`)).text();
  return /data-testid="checkout-status" data-status="(\w+)"/.exec(html)?.[1];
};

/** Moves the clock to `iso` and signs the owner in again (sessions time out after 15 idle minutes). */
async function at(iso: string): Promise<string> {
  f.t.clock.set(new Date(iso));
  return (await f.t.call(null, 'auth.login', { email: OWNER.email, password: OWNER.password })).token;
}

const sessionPolls = (sessionId: string) =>
  f.standin.requestLog.filter((r) => r.method === 'GET' && r.path === `/v1/checkout/sessions/${sessionId}`)
    .length;

describe('dunning pay links are alive when sent', () => {
  it('sends a fresh, open page with the +4-day retry, and the earlier page is marked expired', async () => {
    f = await paymentsFixture('2026-03-02');
    const dana = await debtor();
    await f.advanceTo('2026-03-03'); // +1: declined again
    const [first, second] = linksSent(dana, 'payment_failed');
    expect(second).not.toBe(first);

    await f.advanceTo('2026-03-06'); // +4: declined again, days after the +1 page ran out
    const sent = linksSent(dana, 'payment_failed');
    expect(sent).toHaveLength(3);
    const fourth = sent[2]!;
    expect(new Set(sent).size).toBe(3);
    expect(linkRow(fourth).status).toBe('open');
    expect(Date.parse(linkRow(fourth).expiresAt)).toBeGreaterThanOrEqual(
      f.t.clock.now().getTime() + LINK_FRESH_MS,
    );
    expect(await pageStatus(fourth)).toBe('open');
    // The pages of the earlier messages ran out: marked so, and no longer asked about.
    for (const old of [first!, second!]) {
      expect(linkRow(old).status).toBe('expired');
      expect(await pageStatus(old)).toBe('expired');
    }
    const polls = sessionPolls(second!);
    await f.t.core.scheduler.runDue();
    expect(sessionPolls(second!)).toBe(polls);
  });

  it('replaces a page that is about to run out, closing it at Stripe, and reuses one that is fresh', async () => {
    f = await paymentsFixture('2026-03-02');
    const dana = await debtor(); // 17:00Z on 03-02: the first page lives until 17:00Z on 03-03
    const [first] = linksSent(dana, 'payment_failed');
    expect(linkRow(first!).expiresAt).toBe('2026-03-03T17:00:00.000Z');

    // 10:00 in New York the next morning, before the retry: the first page has 7 hours left.
    await f.t.call(await at('2026-03-03T15:00:00Z'), 'debtors.remind', { memberIds: [dana] });
    const [reminder] = linksSent(dana, 'payment_reminder');
    expect(reminder).not.toBe(first);
    expect(linkRow(reminder!).expiresAt).toBe('2026-03-04T15:00:00.000Z');
    expect(await pageStatus(reminder!)).toBe('open');
    // One page to pay: the old one is closed at Stripe rather than left open for 7 more hours.
    expect(linkRow(first!).status).toBe('expired');
    expect(await pageStatus(first!)).toBe('expired');

    // An hour later the new page still has 23 hours: a second reminder carries the same page.
    const owner = await at('2026-03-03T16:00:00Z');
    const sessionsBefore = f.standin.state.checkoutSessions.size;
    await f.t.call(owner, 'debtors.remind', { memberIds: [dana] });
    expect(linksSent(dana, 'payment_reminder')).toEqual([reminder, reminder]);
    expect(f.standin.state.checkoutSessions.size).toBe(sessionsBefore);

    // The next morning the same attempt needs a new page again; Stripe must not hand back the old
    // one for a repeated idempotency key.
    await f.t.call(await at('2026-03-04T14:00:00Z'), 'debtors.remind', { memberIds: [dana] });
    const third = linksSent(dana, 'payment_reminder')[2]!;
    expect(third).not.toBe(reminder);
    expect(await pageStatus(third)).toBe('open');
    expect(linkRow(reminder!).status).toBe('expired');
  });

  it('marks expired a page Stripe no longer knows, instead of asking about it on every run', async () => {
    f = await paymentsFixture('2026-03-02');
    const dana = await debtor();
    const [first] = linksSent(dana, 'payment_failed');
    // As after the owner switched to another Stripe account: the page is unknown there.
    f.t.database.db
      .update(paymentLinks)
      .set({ sessionId: 'cs_test_unknown' })
      .where(eq(paymentLinks.sessionId, first!))
      .run();
    await f.t.core.scheduler.runDue();
    expect(linkRow('cs_test_unknown').status).toBe('expired');
    await f.t.core.scheduler.runDue();
    expect(sessionPolls('cs_test_unknown')).toBe(1);
  });
});
